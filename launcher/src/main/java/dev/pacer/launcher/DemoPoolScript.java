package dev.pacer.launcher;

import dev.pacer.testkit.aws.AutoScalingSimulator;
import dev.pacer.testkit.mesos.MesosAgentSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's agent pools: a simulated Mesos master with a scaling pool (an AWS Auto Scaling group,
 * simulated, whose new instances register as agents 2 s after launch, as a booting machine would)
 * and a stable pool. It loads the scaling pool past 80 % so the agent-scaler adds an agent, then
 * ends the load so it drains one and terminates exactly that instance. The agents answer their
 * {@code /monitor/statistics} (simulated): {@code stable-1} runs {@code /demo/web}'s 3 tasks, whose
 * CPU the collector measures ({@link #webLoad}); the others run no Marathon task.
 */
final class DemoPoolScript {
  static final String GROUP = "demo-scaling";
  private final Vertx vertx;
  private final PrintStream out;
  private final MesosMasterSimulator mesos;
  private final AutoScalingSimulator aws;
  private final AtomicInteger agents = new AtomicInteger();
  private final AtomicBoolean loadEnded = new AtomicBoolean();
  private final AtomicBoolean done = new AtomicBoolean();
  private final MesosAgentSimulator webAgent;
  private final MesosAgentSimulator idleAgent;
  private final java.util.List<String> webTasks = new java.util.ArrayList<>();
  private volatile String stableId;

  private DemoPoolScript(
      Vertx vertx,
      PrintStream out,
      MesosMasterSimulator mesos,
      AutoScalingSimulator aws,
      MesosAgentSimulator webAgent,
      MesosAgentSimulator idleAgent) {
    this.vertx = vertx;
    this.out = out;
    this.mesos = mesos;
    this.aws = aws;
    this.webAgent = webAgent;
    this.idleAgent = idleAgent;
  }

  static Future<DemoPoolScript> start(Vertx vertx, PrintStream out) {
    java.time.Clock clock = java.time.Clock.systemUTC();
    return MesosMasterSimulator.start(vertx)
        .compose(
            m ->
                AutoScalingSimulator.start(vertx)
                    .compose(
                        a ->
                            MesosAgentSimulator.start(vertx, clock)
                                .compose(
                                    web ->
                                        MesosAgentSimulator.start(vertx, clock)
                                            .map(
                                                idle ->
                                                    new DemoPoolScript(
                                                        vertx, out, m, a, web, idle)))))
        .map(
            s -> {
              s.aws.onLaunch(s::register);
              s.aws.createGroup(GROUP, 2, 6, 3, true);
              s.stableId =
                  s.mesos.addAgent(
                      "stable-1",
                      "127.0.0.1",
                      s.webAgent.agentPort(),
                      Map.of("pool", "stable"),
                      8,
                      32_000,
                      100_000);
              s.webAgent.registeredAs(s.stableId, "stable-1");
              s.runWeb();
              // from now on, a new instance boots for 2 s before its agent registers
              s.aws.onLaunch(i -> vertx.setTimer(2_000, t -> s.register(i)));
              s.aws.onTerminate(id -> out.println("demo: AWS terminated " + id + " (and only it)"));
              // load in place before Pacer starts, so its first look already sees it
              out.println(
                  "demo: batch jobs load the scaling pool: 7 of 8 cpus on each of its 3 agents");
              for (int n = 1; n <= 3; n++) {
                s.mesos.addTask("scaling-" + n, "batch.job-" + n, 7, 4_000, 1_000);
              }
              out.println(
                  "demo: sandbox Mesos master (simulated) at "
                      + s.mesos.url()
                      + ": 3 agents in pool:scaling (Auto Scaling group "
                      + GROUP
                      + ", simulated at "
                      + s.aws.url()
                      + "), 1 in pool:stable");
              return s;
            });
  }

  /** The sandbox's Mesos master. */
  String mesosUrl() {
    return mesos.url();
  }

  /** The agent {@code stable-1}: its Mesos id, and the simulator that serves its sandboxes. */
  String stableAgentId() {
    return stableId;
  }

  MesosAgentSimulator stableAgent() {
    return webAgent;
  }

  /** The agent-scaler's settings that point at the sandbox. */
  Map<String, String> overrides() {
    return Map.of(
        "pacer.mesos.urls",
        "[\"" + mesos.url() + "\"]",
        "pacer.agent-scaler.aws.endpoint",
        aws.url());
  }

  private void register(AutoScalingSimulator.Instance i) {
    int n = agents.incrementAndGet();
    String host = "scaling-" + n;
    mesos.addAgent(
        host,
        "127.0.0.1",
        idleAgent.agentPort(), // it runs no Marathon task: its statistics list none
        Map.of("pool", "scaling", "instance_id", i.id()),
        8,
        32_000,
        100_000);
    if (n > 3) {
      out.println("demo: " + host + " (" + i.id() + ") booted and registered in Mesos");
    }
  }

  /** {@code /demo/web}'s 3 tasks on stable-1: half of their 1.1-cpu quota each, for now. */
  private void runWeb() {
    for (int n = 0; n < 3; n++) {
      String task = "demo_web.instance-" + java.util.UUID.randomUUID() + "._app.1";
      webTasks.add(task);
      mesos.addTask("stable-1", task, 1, 128, 0);
      webAgent.run(task, MesosMasterSimulator.MARATHON_FRAMEWORK_ID, 1.1, 160L * 1024 * 1024);
      webAgent.cpu(task, 0.55);
      webAgent.rss(task, 64L * 1024 * 1024);
    }
  }

  /**
   * Each of {@code /demo/web}'s tasks uses {@code cores} from the agent's next statistics read on,
   * so the collector's next interval is all at the new load.
   */
  void webLoad(double cores) {
    webTasks.forEach(t -> webAgent.cpuFromNextRead(t, cores));
  }

  void onAction(String type, String subject) {
    if (!"scaling".equals(subject)) {
      return;
    }
    if (type.equals("pacer.agents.scaled_up") && !loadEnded.get()) {
      vertx.setTimer(
          6_000,
          t -> {
            if (loadEnded.compareAndSet(false, true)) {
              out.println("demo: the batch jobs end; the scaling pool is almost idle");
              for (int n = 1; n <= 3; n++) {
                mesos.removeTask("batch.job-" + n);
              }
            }
          });
    }
    if (type.equals("pacer.agents.terminated") && done.compareAndSet(false, true)) {
      out.println("demo: agent pool done: an idle agent was drained and its instance terminated");
    }
  }
}

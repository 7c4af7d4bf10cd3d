package dev.pacer.collector.bench;

import static dev.pacer.testkit.Await.result;

import dev.pacer.collector.plan.AgentRead;
import dev.pacer.collector.plan.ContainerSample;
import dev.pacer.collector.plan.MarathonTask;
import dev.pacer.collector.plan.UsageCalculator;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.mesos.MesosAgentSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import dev.pacer.testsupport.PacerJar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jol.info.GraphLayout;

/**
 * One collector at size: {@code pacer.jar collector} in its own JVM, as users run it, against a
 * simulated Mesos master with AGENTS agents of TASKS Marathon tasks each (each agent its own HTTP
 * server on loopback, answering {@code /monitor/statistics}), writing to a carbon stand-in that
 * counts lines. Reports each cycle's wall time (from {@code /status}), Pacer's CPU over the
 * measured cycles (the child process's CPU time over wall time, at the configured interval), and
 * the heap the previous samples of AGENTS × TASKS containers take (JOL, in this JVM). Args: [AGENTS
 * [TASKS [CYCLES]]] (default 1,000 × 30, 6 measured cycles after 2 of warm-up).
 */
public final class CollectorCycleHarness {
  static final Path JAR = Path.of("launcher/target/pacer.jar").toAbsolutePath();
  static final int APPS_PER_AGENT_TASKS = 10; // an app has 10 tasks, on 10 agents

  public static void main(String[] args) throws Exception {
    // JOL cannot ask Unsafe for a record's field offsets on 17: it finds them by probing instead
    System.setProperty("jol.magicFieldOffset", "true");
    int agents = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    System.out.printf(
        "previous samples of %d containers: %.1f MiB of heap (JOL, this JVM)%n",
        agents * tasks, previousSamplesBytes(agents * tasks) / 1024.0 / 1024.0);

    Vertx vertx = Vertx.vertx();
    MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    MesosMasterSimulator master = result(MesosMasterSimulator.start(vertx));
    Random random = new Random(42);
    int apps = agents * tasks / APPS_PER_AGENT_TASKS;
    int n = 0;
    for (int a = 0; a < agents; a++) {
      MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, Clock.systemUTC()));
      String host = "agent-" + a;
      master.addAgent(
          host, "127.0.0.1", agent.agentPort(), Map.of("pool", "p" + a % 3), 32, 131072, 1e6);
      for (int t = 0; t < tasks; t++, n++) {
        String task =
            "team"
                + (n % apps) / 100
                + "_svc"
                + n % apps
                + ".instance-"
                + UUID.randomUUID()
                + "._app.1";
        master.addTask(host, task, 1, 512, 0);
        agent.run(task, MesosMasterSimulator.MARATHON_FRAMEWORK_ID, 1.1, 600L * 1024 * 1024);
        agent.cpu(task, 0.05 + random.nextDouble());
        agent.rss(task, (long) (random.nextDouble() * 500) * 1024 * 1024);
      }
    }
    AtomicLong lines = new AtomicLong();
    int carbonPort =
        result(
                vertx
                    .createNetServer()
                    .connectHandler(
                        s ->
                            s.handler(
                                b -> {
                                  for (int i = 0; i < b.length(); i++) {
                                    if (b.getByte(i) == '\n') {
                                      lines.incrementAndGet();
                                    }
                                  }
                                }))
                    .listen(0, "127.0.0.1"))
            .actualPort();
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("pacer.http.host", "127.0.0.1");
    settings.put("pacer.http.port", String.valueOf(port));
    settings.put("pacer.logging.level", "WARN");
    settings.put("pacer.marathon.urls", "[\"" + marathon.url() + "\"]");
    settings.put("pacer.marathon.events.enabled", "false");
    settings.put("pacer.mesos.urls", "[\"" + master.url() + "\"]");
    settings.put("pacer.collector.carbon", "127.0.0.1:" + carbonPort);
    settings.put("pacer.collector.interval", "10s");
    Path log = Files.createTempFile("pacer-collector-bench-", ".log");
    Process pacer = PacerJar.start(PacerJar.command(JAR, "collector", settings), log);
    HttpClient http = HttpClient.newHttpClient();
    try {
      List<Long> durations = new ArrayList<>();
      Object lastAt = null;
      long cpuStart = 0;
      long wallStart = 0;
      for (int seen = 1; seen <= cycles + 2; seen++) {
        Object before = lastAt;
        JsonObject[] next = {null};
        // /status once a second, lightly: the harness must not load what it measures
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  if (!pacer.isAlive()) {
                    throw new IllegalStateException("pacer exited: " + Files.readString(log));
                  }
                  next[0] = lastCycle(http, port);
                  return next[0] != null && !next[0].getValue("at").equals(before);
                });
        JsonObject last = next[0];
        lastAt = last.getValue("at");
        if (seen == 2) { // the second cycle ended: the measured ones start here
          cpuStart = cpuNanos(pacer);
          wallStart = System.nanoTime();
        }
        if (seen > 2) {
          durations.add(last.getLong("duration-ms"));
        }
        System.out.printf(
            "cycle %d: %d ms, %d agents read, %s failed, %d apps, %d points%n",
            seen,
            last.getLong("duration-ms"),
            last.getInteger("agents-read"),
            last.getJsonArray("agents-failed").size(),
            last.getInteger("apps-written"),
            last.getInteger("points"));
      }
      double cores = (cpuNanos(pacer) - cpuStart) / (double) (System.nanoTime() - wallStart);
      List<Long> sorted = durations.stream().sorted().toList();
      System.out.printf(
          "%d agents × %d tasks (%d apps), %d measured cycles at 10 s: wall p50 %d ms, max %d ms;"
              + " Pacer's CPU %.3f cores on average; carbon got %d lines%n",
          agents,
          tasks,
          apps,
          sorted.size(),
          sorted.get(sorted.size() / 2),
          sorted.get(sorted.size() - 1),
          cores,
          lines.get());
    } finally {
      pacer.destroy();
      pacer.waitFor();
      vertx.close();
    }
  }

  private static JsonObject lastCycle(HttpClient http, int port) {
    try {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      JsonObject c = new JsonObject(body).getJsonObject("collector");
      JsonObject last = c == null ? null : c.getJsonObject("last-cycle");
      return last != null && last.containsKey("duration-ms") ? last : null;
    } catch (Exception e) {
      return null; // not up yet
    }
  }

  private static long cpuNanos(Process p) {
    return p.info().totalCpuDuration().orElseThrow().toNanos();
  }

  /** The calculator after two cycles over {@code containers} containers of realistic ids. */
  static long previousSamplesBytes(int containers) {
    UsageCalculator calc =
        new UsageCalculator(new UsageCalculator.Settings("mesos.marathon", "mesos.pools", 0.3));
    List<MarathonTask> tasks = new ArrayList<>();
    Map<String, List<ContainerSample>> byAgent = new LinkedHashMap<>();
    Map<Integer, String> agentIds = new java.util.HashMap<>();
    for (int i = 0; i < containers; i++) {
      // one id per agent, as a cycle's reads carry it
      String agent =
          agentIds.computeIfAbsent(i / 30, k -> "3b81e796-9d06-4556-99d4-a5ac09a229d3-S" + k);
      String task =
          "team" + i / 1000 + "_svc" + i / 10 + ".instance-" + UUID.randomUUID() + "._app.1";
      tasks.add(new MarathonTask(task, "/team" + i / 1000 + "/svc" + i / 10, agent, task));
      byAgent
          .computeIfAbsent(agent, k -> new ArrayList<>())
          .add(new ContainerSample(task, 1000, 10, 1.1, 1e8, 6e8));
    }
    List<AgentRead> reads = new ArrayList<>();
    byAgent.forEach((a, s) -> reads.add(AgentRead.answered(a, a, s)));
    calc.cycle(tasks, reads, List.of());
    if (calc.remembered() != containers) {
      throw new IllegalStateException("remembered " + calc.remembered());
    }
    tasks.clear();
    reads.clear();
    byAgent.clear();
    return GraphLayout.parseInstance(calc).totalSize();
  }
}

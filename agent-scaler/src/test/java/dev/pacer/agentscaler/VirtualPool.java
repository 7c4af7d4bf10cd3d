package dev.pacer.agentscaler;

import static dev.pacer.testkit.Await.result;

import dev.pacer.agentscaler.cloud.AutoScalingGroups;
import dev.pacer.agentscaler.plan.PoolPolicy;
import dev.pacer.agentscaler.scale.AgentScaler;
import dev.pacer.common.control.PauseView;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.EventHandler;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.mesos.MesosMaster;
import dev.pacer.common.mesos.Resources;
import dev.pacer.testkit.ManualClock;
import dev.pacer.testkit.aws.AutoScalingSimulator;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import dev.pacer.testsupport.PacerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The agent-scaler on virtual time: one pool ({@code pool:scaling}, group {@code scaling}) against
 * the Mesos, Marathon and AWS simulators, all on one {@link ManualClock}; the test runs each cycle
 * and moves the clock. An instance's agent registers {@link #BOOT} after its launch; load is tasks
 * the test places. {@link #restart} replaces the agent-scaler with a new one, as a restarted or
 * failed-over Pacer: nothing it kept in memory survives.
 */
final class VirtualPool implements AutoCloseable {
  static final Duration BOOT = Duration.ofMinutes(2);
  static final double CPUS = 8;
  static final double MEM = 32_000;

  final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
  final Vertx vertx = Vertx.vertx();
  final MesosMasterSimulator mesos = result(MesosMasterSimulator.start(vertx));
  final AutoScalingSimulator aws = result(AutoScalingSimulator.start(vertx, clock));
  final MarathonSimulator marathon = result(MarathonSimulator.start(vertx, clock));
  final List<PacerEvent> actions = new CopyOnWriteArrayList<>();
  final PoolConfig pool;
  private final Context context = vertx.getOrCreateContext();

  /**
   * Records what the agent-scaler publishes, as it publishes it (the backbone is not under test).
   */
  private final EventBackbone backbone =
      new EventBackbone() {
        @Override
        public Future<Void> start() {
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> publish(String topic, String key, PacerEvent event) {
          actions.add(event);
          return Future.succeededFuture();
        }

        @Override
        public Future<Subscription> subscribe(String topic, String group, EventHandler handler) {
          return Future.failedFuture("not used");
        }

        @Override
        public Future<Void> ping() {
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> close() {
          return Future.succeededFuture();
        }
      };

  private final MesosMaster mesosClient;
  private final MarathonClient marathonClient;
  private final AutoScalingGroups groups;

  /** instance id → when its agent registers */
  private final Map<String, Instant> booting = new LinkedHashMap<>();

  /** instance id → agent hostname */
  final Map<String, String> agents = new LinkedHashMap<>();

  private int hosts;
  private AgentScaler scaler;

  VirtualPool(Duration upCooldown, Duration downCooldown, int min, int max, int desired) {
    pool =
        new PoolConfig(
            "scaling",
            "pool",
            "scaling",
            "scaling",
            new PoolPolicy(
                "scaling",
                0.20,
                0.05,
                min,
                max,
                2,
                1,
                0.30,
                new Resources(CPUS, MEM, 100_000),
                Set.of()),
            upCooldown,
            downCooldown,
            Duration.ofMinutes(10));
    aws.onLaunch(i -> booting.put(i.id(), clock.instant().plus(BOOT)));
    aws.createGroup("scaling", min, max, desired, true);
    marathonClient = PacerSettings.marathonClient(vertx, marathon.url());
    mesosClient = new MesosMaster(vertx, List.of(URI.create(mesos.url())), Duration.ofSeconds(5));
    groups =
        new AutoScalingGroups(
            vertx,
            "us-east-1",
            URI.create(aws.url()),
            StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKID", "s")));
    registerDue();
    restart();
  }

  /** A new agent-scaler, as after a restart or a failover: nothing kept in memory survives. */
  void restart() {
    scaler =
        new AgentScaler(
            mesosClient,
            marathonClient,
            groups,
            new ActionPublisher(backbone, "pacer-test/agent-scaler", clock),
            PauseView.NONE,
            clock,
            new AgentScaler.Settings(false, "instance_id", Duration.ofMinutes(5), List.of(pool)),
            () -> true,
            new SimpleMeterRegistry());
  }

  /** Registers the agents whose boot is over, runs one cycle on a Vert.x context, waits for it. */
  void cycle() {
    registerDue();
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> scaler.cycle().onComplete(done));
    result(done.future(), Duration.ofSeconds(30));
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  /** The agents of instances whose boot is over register now (each cycle does this first). */
  void registerDue() {
    Instant now = clock.instant();
    List<String> due = new ArrayList<>();
    booting.forEach(
        (id, at) -> {
          if (!at.isAfter(now)) {
            due.add(id);
          }
        });
    Set<String> live =
        Set.copyOf(
            aws.instances("scaling").stream().map(AutoScalingSimulator.Instance::id).toList());
    for (String id : due) {
      booting.remove(id);
      if (live.contains(id)) {
        String name = "ip-10-0-2-" + ++hosts;
        mesos.addAgent(
            name,
            "10.0.2." + hosts,
            Map.of("pool", "scaling", "instance_id", id),
            CPUS,
            MEM,
            100_000);
        agents.put(id, name);
      }
    }
  }

  /** The agents of live, registered instances that are not in the maintenance schedule. */
  List<String> serving() {
    String schedule = mesos.schedule().encode();
    Set<String> live =
        Set.copyOf(
            aws.instances("scaling").stream().map(AutoScalingSimulator.Instance::id).toList());
    List<String> out = new ArrayList<>();
    agents.forEach(
        (id, host) -> {
          if (live.contains(id)
              && mesos.agentHostnames().contains(host)
              && !schedule.contains("\"" + host + "\"")) {
            out.add(host);
          }
        });
    return out;
  }

  @Override
  public void close() {
    groups.close();
    result(vertx.close());
  }
}

package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.ScaleApplied;
import dev.pacer.common.events.types.ScaleHeld;
import dev.pacer.testkit.ManualClock;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.mesos.MesosAgentSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testsupport.PacerHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop closed by Pacer alone: the collector turns the simulated agents' CPU counters into
 * {@code mesos.marathon.<id>.cpu_util} in a real Graphite, and the autoscaler, with the seed's
 * label unchanged, scales the app up when its CPU rises. Nothing else writes to Graphite.
 */
class CollectorFeedsTheAutoscalerIT {
  /** The seed's label, verbatim (the Strava article). */
  static final String SEED_LABEL =
      "{ minInstances = 3 maxInstances = 9 cooldown = 900 graphite = { target ="
          + " mesos.marathon.${id}.cpu_util down = 0.4 up = 0.7 } }";

  @TempDir Path stateDir;
  final Vertx vertx = Vertx.vertx();
  PacerHarness pacer;

  @AfterEach
  void stop() {
    if (pacer != null) {
      pacer.close();
    }
    result(vertx.close());
  }

  @Test
  void theSeedsLabelScalesAnAppUpWhenItsMeasuredCpuRises() {
    String group = "fed" + UUID.randomUUID().toString().substring(0, 8);
    String app = "/" + group + "/web";
    // the app was last scaled 20 minutes ago: its 900 s cooldown is over
    MarathonSimulator marathon =
        result(
            MarathonSimulator.start(
                vertx, new ManualClock(Instant.now().minus(Duration.ofMinutes(20)))));
    marathon.seedApp(
        AppDefinitions.docker(app, "acme/web:1", 3, new JsonObject().put("autoscale", SEED_LABEL)));
    MesosMasterSimulator master = result(MesosMasterSimulator.start(vertx));
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, Clock.systemUTC()));
    master.addAgent("ip-a", "127.0.0.1", agent.agentPort(), Map.of(), 16, 65536, 100000);
    List<String> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String task = group + "_web.instance-" + UUID.randomUUID() + "._app.1";
      tasks.add(task);
      master.addTask("ip-a", task, 1, 128, 0);
      agent.run(task, MesosMasterSimulator.MARATHON_FRAMEWORK_ID, 1.1, 160L * 1024 * 1024);
      agent.cpu(task, 0.22); // 0.2 of its 1.1-core quota: below the band, at its minimum
    }
    Graphite graphite = Graphite.shared();
    List<PacerEvent> actions = new CopyOnWriteArrayList<>();
    pacer =
        PacerHarness.start(
            marathon.url(),
            Map.of(
                "pacer.collector.enabled",
                "true",
                "pacer.collector.interval",
                "1s",
                "pacer.collector.carbon",
                "127.0.0.1:" + graphite.linePort(),
                "pacer.mesos.urls",
                "[\"" + master.url() + "\"]",
                "pacer.autoscaler.interval",
                "1s",
                "pacer.autoscaler.graphite.url",
                graphite.url(),
                "pacer.state-dir",
                stateDir.toString()),
            List.of(
                new dev.pacer.collector.CollectorMain(), new dev.pacer.autoscaler.AutoscalerMain()),
            actions);

    // low CPU, measured: the autoscaler holds at its minimum on the collector's value
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(events(actions, app, ScaleHeld.class))
                    .anySatisfy(h -> assertThat(h.facts().value()).isCloseTo(0.2, within(1e-6))));
    assertThat(marathon.storedApp(app).getInteger("instances")).isEqualTo(3);

    // all of its quota, from now: the label's 2-minute average rises above up = 0.7 once most of
    // the window's 10 s buckets are high (a few tens of seconds)
    tasks.forEach(t -> agent.cpu(t, 1.1));
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> marathon.storedApp(app).getInteger("instances") > 3);
    // the spy gets the event a moment after Marathon got the write
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !events(actions, app, ScaleApplied.class).isEmpty());
    ScaleApplied up = events(actions, app, ScaleApplied.class).get(0);
    // at most the quota: the rate is Δcpu seconds / Δ the agent's timestamp, a double of epoch
    // seconds (Mesos's form) whose step near 1.8e9 is 2.4e-7 s, so over a few seconds' window the
    // rate of exactly the quota reads up to a few 1e-8 above it (1.0000000238 was seen)
    assertThat(up.facts().value()).isGreaterThan(0.7).isLessThanOrEqualTo(1.0 + 1e-6);
    assertThat(up.facts().target()).isEqualTo("mesos.marathon." + group + ".web.cpu_util");
    assertThat(up.to()).isGreaterThan(3);
  }

  private static <T> List<T> events(List<PacerEvent> actions, String app, Class<T> type) {
    return actions.stream()
        .filter(e -> app.equals(e.subject()))
        .map(EventTypes::read)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }
}

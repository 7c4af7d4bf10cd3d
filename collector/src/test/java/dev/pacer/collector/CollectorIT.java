package dev.pacer.collector;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.mesos.MesosAgentSimulator;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The collector against simulated Mesos agents (on the test's virtual clock, so every counter is
 * known) and a real carbon-cache + graphite-web: the points are read back through /render.
 */
class CollectorIT extends CollectorITBase {
  @Test
  void measuredRatesReachGraphiteExactlyAndWhatWasNotMeasuredIsNeverWritten() throws Exception {
    MesosAgentSimulator a = agent("ip-a");
    MesosAgentSimulator b = agent("ip-b");
    MesosAgentSimulator c = agent("ip-c");
    // /shop/web: two tasks on ip-a, one on ip-b; /solo/api: one task on ip-b
    task(master, a, "ip-a", "shop_web.instance-a1._app.1", 1.0, 160 * MIB);
    task(master, a, "ip-a", "shop_web.instance-a2._app.1", 1.0, 160 * MIB);
    task(master, b, "ip-b", "shop_web.instance-b1._app.1", 2.0, 544 * MIB);
    task(master, b, "ip-b", "solo_api.instance-s1._app.1", 0.5, null);
    // /far/away: its only task on ip-c, which will not answer
    task(master, c, "ip-c", "far_away.instance-f1._app.1", 1.0, 160 * MIB);
    // /restarted/one: its container's counters fall back to 0 between the two cycles
    task(master, a, "ip-a", "restarted_one.instance-r1._app.1", 1.0, 160 * MIB);
    a.cpu("restarted_one.instance-r1._app.1", 0.5);
    // /no/container: the master lists a task no agent runs
    master.addTask("ip-a", "no_container.instance-n1._app.1", 1, 128, 0);
    a.cpu("shop_web.instance-a1._app.1", 0.5);
    a.cpu("shop_web.instance-a2._app.1", 0.25);
    b.cpu("shop_web.instance-b1._app.1", 1.5);
    b.cpu("solo_api.instance-s1._app.1", 0.2);
    a.rss("shop_web.instance-a1._app.1", 100 * MIB);
    a.rss("shop_web.instance-a2._app.1", 50 * MIB);
    b.rss("shop_web.instance-b1._app.1", 300 * MIB);
    c.silent(true);
    time.advance(Duration.ofSeconds(20)); // the containers have run a while: counters well above 0
    startPacer(Map.of("pacer.collector.max-missing", "0.5"));

    cycle(Duration.ofMillis(1)); // the first samples: no rate yet
    // a task that starts now is seen once by the next cycle
    task(master, b, "ip-b", "fresh_one.instance-x1._app.1", 1.0, 160 * MIB);
    b.cpu("fresh_one.instance-x1._app.1", 1.0);
    time.advance(Duration.ofSeconds(5));
    a.resetCounters("restarted_one.instance-r1._app.1");
    cycle(Duration.ofSeconds(5));

    double util = awaitServed(prefix + ".shop.web.cpu_util");
    double expected = (0.5 + 0.25 + 1.5) / (1.1 + 1.1 + 2.1);
    assertThat(util).isCloseTo(expected, within(expected * 1e-9));
    // the two cycles fall in two of carbon's 10 s buckets: the first wrote no cpu_util (no rate)
    assertThat(values(prefix + ".shop.web.cpu_util"))
        .as("one point, the second cycle's")
        .hasSize(1);
    assertThat(values(prefix + ".shop.web.instances")).as("both cycles counted").hasSize(2);
    assertThat(awaitServed(prefix + ".shop.web.cpu_used")).isCloseTo(2.25, within(2.25 * 1e-9));
    double mem = (100.0 + 50 + 300) / (160 + 160 + 544);
    assertThat(awaitServed(prefix + ".shop.web.mem_util")).isCloseTo(mem, within(mem * 1e-9));
    assertThat(awaitServed(prefix + ".shop.web.instances")).isEqualTo(3.0);
    double solo = 0.2 / 0.6;
    assertThat(awaitServed(prefix + ".solo.api.cpu_util")).isCloseTo(solo, within(solo * 1e-9));
    assertThat(awaitServed(prefix + "-pools.scaling.cpus_total")).isEqualTo(24.0);

    // What was not measured: no point, each for its reason (the calculator's table says which)
    assertThat(served(prefix + ".solo.api.mem_util")).as("no memory fields reported").isEmpty();
    assertThat(served(prefix + ".fresh.one.cpu_util")).as("seen once: no rate").isEmpty();
    assertThat(served(prefix + ".restarted.one.cpu_util")).as("its counter went down").isEmpty();
    assertThat(awaitServed(prefix + ".restarted.one.instances"))
        .as("but it was sampled")
        .isEqualTo(1);
    assertThat(served(prefix + ".far.away.instances")).as("its agent did not answer").isEmpty();
    assertThat(served(prefix + ".no.container.instances")).as("no task sampled").isEmpty();

    JsonObject status = pacer.status().getJsonObject("collector");
    JsonObject last = status.getJsonObject("last-cycle");
    assertThat(last.getInteger("agents-read")).isEqualTo(2);
    assertThat(last.getJsonArray("agents-failed").getList()).containsExactly("ip-c");
    assertThat(last.getBoolean("degraded")).isFalse();
    assertThat(status.getJsonObject("carbon").getBoolean("connected")).isTrue();
    String metrics = pacer.get("/metrics");
    assertThat(metrics)
        .contains("pacer_collector_agents_read_total 4.0")
        .contains("pacer_collector_agents_failed_total 2.0");
  }

  @Test
  void pastMaxMissingTheCollectorSaysDegradedOnceNamingTheAgentsAndWritesOnlyWholeApps()
      throws Exception {
    MesosAgentSimulator a = agent("ip-a");
    MesosAgentSimulator b = agent("ip-b");
    task(master, a, "ip-a", "whole_app.instance-w1._app.1", 1.0, 160 * MIB);
    task(master, a, "ip-a", "split_app.instance-s1._app.1", 1.0, 160 * MIB);
    task(master, b, "ip-b", "split_app.instance-s2._app.1", 1.0, 160 * MIB);
    b.silent(true); // 1 of 2 agents: past max-missing 0.3
    startPacer(Map.of());
    cycle(Duration.ofMillis(1));
    cycle(Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> !pacer.actionTypes("collector").isEmpty());
    assertThat(pacer.actionTypes("collector")).containsExactly("pacer.collector.degraded");
    dev.pacer.common.events.types.CollectorDegraded said =
        dev.pacer.common.events.types.EventTypes.read(
            actions.get(0), dev.pacer.common.events.types.CollectorDegraded.class);
    assertThat(said.missing()).containsExactly("ip-b");
    assertThat(said.agents()).isEqualTo(2);
    assertThat(said.maxMissing()).isEqualTo(0.3);
    assertThat(awaitServed(prefix + ".whole.app.instances")).isEqualTo(1.0);
    assertThat(values(prefix + ".split.app.instances")).as("half of its tasks sampled").isEmpty();
    assertThat(
            pacer
                .status()
                .getJsonObject("collector")
                .getJsonObject("last-cycle")
                .getBoolean("degraded"))
        .isTrue();
  }

  /** With HA, only the leader collects: a follower's cycle reads nothing and writes nothing. */
  @Test
  void aFollowerReadsNothingTheLeaderReadsTheMasterAndEveryAgent() {
    MesosAgentSimulator a = agent("ip-a");
    task(master, a, "ip-a", "led_app.instance-l1._app.1", 1.0, 160 * MIB);
    java.util.concurrent.atomic.AtomicBoolean leader =
        new java.util.concurrent.atomic.AtomicBoolean();
    dev.pacer.collector.carbon.CarbonWriter carbon =
        new dev.pacer.collector.carbon.CarbonWriter(
            vertx,
            "127.0.0.1",
            graphite.linePort(),
            100,
            new dev.pacer.common.retry.Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    Collector collector =
        new Collector(
            new dev.pacer.common.mesos.MesosMaster(
                vertx, List.of(URI.create(master.url())), Duration.ofSeconds(2)),
            new dev.pacer.collector.read.AgentStatistics(vertx, 4, Duration.ofSeconds(1)),
            carbon,
            new dev.pacer.collector.plan.UsageCalculator(
                new dev.pacer.collector.plan.UsageCalculator.Settings(prefix, prefix + "-p", 0.3)),
            new Collector.Settings("marathon", "pool", 0.3),
            new dev.pacer.common.events.ActionPublisher(
                new dev.pacer.common.events.LocalEventBackbone(
                    vertx,
                    100,
                    4,
                    new dev.pacer.common.retry.Backoff(
                        Duration.ofMillis(10), Duration.ofSeconds(1))),
                "test",
                time.clock()),
            leader::get,
            time.clock(),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    result(onContext(collector::cycle));
    assertThat(master.requests()).noneMatch(r -> r.contains("/master/state"));
    assertThat(a.answered()).isZero();
    leader.set(true);
    result(onContext(collector::cycle));
    assertThat(master.requests()).anyMatch(r -> r.startsWith("GET /master/state"));
    assertThat(a.answered()).isEqualTo(1);
    result(onContext(carbon::close));
  }

  /** Runs {@code action} on a Vert.x context, as the verticle does. */
  private <T> io.vertx.core.Future<T> onContext(
      java.util.function.Supplier<io.vertx.core.Future<T>> action) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }
}

package dev.pacer.collector.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UsageCalculatorTest {
  private static final double NA = Double.NaN;
  private static final long MIB = 1024 * 1024;
  private final UsageCalculator calc =
      new UsageCalculator(new UsageCalculator.Settings("mesos.marathon", "mesos.pools", 0.3));

  private static MarathonTask task(String id, String agent) {
    return new MarathonTask(id, MarathonTaskIds.appId(id).orElseThrow(), agent, id);
  }

  private static ContainerSample sample(String exec, double ts, double cpu, double limit) {
    return new ContainerSample(exec, ts, cpu, limit, 64 * MIB, 256 * MIB);
  }

  private static Map<String, Double> points(UsageCalculator.Cycle c) {
    return c.points().stream()
        .collect(Collectors.toMap(UsageCalculator.Point::path, UsageCalculator.Point::value));
  }

  @Test
  void anAppOfSeveralContainersOnTwoAgentsIsTheSumOfTheirRatesOverTheSumOfTheirLimits() {
    List<MarathonTask> tasks =
        List.of(task("shop_web.a1", "S0"), task("shop_web.a2", "S0"), task("shop_web.b1", "S1"));
    calc.cycle(
        tasks,
        List.of(
            AgentRead.answered(
                "S0",
                "ip-a",
                List.of(sample("shop_web.a1", 100, 10, 1.1), sample("shop_web.a2", 100, 20, 1.1))),
            AgentRead.answered("S1", "ip-b", List.of(sample("shop_web.b1", 200, 5, 2.1)))),
        List.of());
    UsageCalculator.Cycle second =
        calc.cycle(
            tasks,
            List.of(
                AgentRead.answered(
                    "S0",
                    "ip-a",
                    // 0.5 and 0.25 cores over 10 s of the agent's clock
                    List.of(
                        sample("shop_web.a1", 110, 15, 1.1),
                        sample("shop_web.a2", 110, 22.5, 1.1))),
                // another agent, another clock: 1.5 cores over 4 s
                AgentRead.answered("S1", "ip-b", List.of(sample("shop_web.b1", 204, 11, 2.1)))),
            List.of());
    Map<String, Double> p = points(second);
    assertThat(p.get("mesos.marathon.shop.web.cpu_used")).isCloseTo(2.25, within(1e-12));
    assertThat(p.get("mesos.marathon.shop.web.cpu_util")).isCloseTo(2.25 / 4.3, within(1e-12));
    assertThat(p.get("mesos.marathon.shop.web.mem_util")).isEqualTo(0.25);
    assertThat(p.get("mesos.marathon.shop.web.instances")).isEqualTo(3.0);
    assertThat(second.held()).isEmpty();
    assertThat(second.appsWritten()).isEqualTo(1);
  }

  @Test
  void aFirstSampleAResetAndAnAppWithoutTasksGiveNoCpuPointAndSayWhy() {
    List<MarathonTask> tasks = List.of(task("new.c1", "S0"), task("reset.c1", "S0"));
    calc.cycle(
        tasks,
        List.of(AgentRead.answered("S0", "a", List.of(sample("reset.c1", 1, 50, 1)))),
        List.of());
    UsageCalculator.Cycle c =
        calc.cycle(
            List.of(task("new.c1", "S0"), task("reset.c1", "S0"), task("gone.c1", "S0")),
            List.of(
                AgentRead.answered(
                    "S0", "a", List.of(sample("new.c1", 2, 1, 1), sample("reset.c1", 2, 3, 1)))),
            List.of());
    Map<String, Double> p = points(c);
    assertThat(p)
        .doesNotContainKeys("mesos.marathon.new.cpu_util", "mesos.marathon.reset.cpu_util");
    assertThat(c.held())
        .containsEntry("mesos.marathon.new.cpu_util", "no rate yet: first sample")
        .containsEntry("mesos.marathon.reset.cpu_util", "no rate yet: counter reset")
        .containsEntry(
            "mesos.marathon.gone.*", "none of its 1 task(s) sampled (no container listed)");
    assertThat(p.keySet()).noneMatch(k -> k.startsWith("mesos.marathon.gone."));
    // measured gauges are written at once
    assertThat(p).containsEntry("mesos.marathon.new.mem_util", 0.25);

    // the next interval after a reset is a rate again
    UsageCalculator.Cycle next =
        calc.cycle(
            List.of(task("reset.c1", "S0")),
            List.of(AgentRead.answered("S0", "a", List.of(sample("reset.c1", 4, 4, 1)))),
            List.of());
    assertThat(points(next)).containsEntry("mesos.marathon.reset.cpu_util", 0.5);
  }

  @Test
  void anAgentThatDoesNotAnswerIsNamedAndItsAppsGetNoPointButKeepTheirPreviousSamples() {
    List<MarathonTask> tasks = List.of(task("api.x", "S1"));
    calc.cycle(
        tasks,
        List.of(AgentRead.answered("S1", "ip-b", List.of(sample("api.x", 10, 1, 1)))),
        List.of());
    UsageCalculator.Cycle silent =
        calc.cycle(
            tasks, List.of(AgentRead.failed("S1", "ip-b", "timed out after 2 s")), List.of());
    assertThat(silent.points()).isEmpty();
    assertThat(silent.agentsFailed()).containsExactly("ip-b");
    assertThat(silent.held())
        .containsEntry(
            "mesos.marathon.api.*", "none of its 1 task(s) sampled: [ip-b] did not answer");
    assertThat(calc.rememberedExecutors()).containsExactly("api.x");
    // back: a rate over both intervals
    UsageCalculator.Cycle back =
        calc.cycle(
            tasks,
            List.of(AgentRead.answered("S1", "ip-b", List.of(sample("api.x", 30, 11, 1)))),
            List.of());
    assertThat(points(back)).containsEntry("mesos.marathon.api.cpu_util", 0.5);
  }

  @Test
  void pastMaxMissingOnlyAppsWhoseEveryTaskWasSampledAreWritten() {
    List<MarathonTask> tasks =
        List.of(task("whole.1", "S0"), task("split.1", "S0"), task("split.2", "S1"));
    List<AgentRead> reads =
        List.of(
            AgentRead.answered(
                "S0", "a", List.of(sample("whole.1", 1, 0, 1), sample("split.1", 1, 0, 1))),
            AgentRead.failed("S1", "b", "refused"));
    UsageCalculator.Cycle c = calc.cycle(tasks, reads, List.of());
    assertThat(c.degraded()).as("1 of 2 agents missing > 0.3").isTrue();
    assertThat(c.sayDegraded()).as("news: it just started").isTrue();
    assertThat(calc.cycle(tasks, reads, List.of()).sayDegraded()).as("the same agent").isFalse();
    List<AgentRead> other =
        List.of(
            AgentRead.failed("S0", "a", "refused"),
            AgentRead.answered("S1", "b", List.of(sample("split.2", 1, 0, 1))));
    assertThat(calc.cycle(tasks, other, List.of()).sayDegraded()).as("another agent").isTrue();
    List<AgentRead> all =
        List.of(
            AgentRead.answered("S0", "a", List.of(sample("whole.1", 2, 0, 1))),
            AgentRead.answered("S1", "b", List.of(sample("split.2", 2, 0, 1))));
    assertThat(calc.cycle(tasks, all, List.of()).degraded()).isFalse();
    assertThat(calc.cycle(tasks, reads, List.of()).sayDegraded())
        .as("degraded again after a whole cycle")
        .isTrue();
    assertThat(points(c)).containsKey("mesos.marathon.whole.instances");
    assertThat(points(c).keySet()).noneMatch(k -> k.startsWith("mesos.marathon.split."));
    assertThat(c.held().get("mesos.marathon.split.*")).startsWith("1 of its 2 tasks sampled");

    UsageCalculator tolerant =
        new UsageCalculator(new UsageCalculator.Settings("mesos.marathon", "mesos.pools", 0.5));
    UsageCalculator.Cycle within = tolerant.cycle(tasks, reads, List.of());
    assertThat(within.degraded()).isFalse();
    assertThat(points(within)).containsEntry("mesos.marathon.split.instances", 1.0);
  }

  @Test
  void noCountersNoLimitAndNoMemoryFieldsAreHeldNotZero() {
    List<MarathonTask> tasks = List.of(task("bare.1", "S0"));
    ContainerSample bare = new ContainerSample("bare.1", 1, NA, NA, NA, NA);
    calc.cycle(tasks, List.of(AgentRead.answered("S0", "a", List.of(bare))), List.of());
    UsageCalculator.Cycle c =
        calc.cycle(
            tasks,
            List.of(
                AgentRead.answered(
                    "S0", "a", List.of(new ContainerSample("bare.1", 2, NA, NA, NA, NA)))),
            List.of());
    assertThat(points(c)).containsOnlyKeys("mesos.marathon.bare.instances");
    assertThat(c.held())
        .containsEntry("mesos.marathon.bare.cpu_util", "no rate yet: no CPU counters")
        .containsKey("mesos.marathon.bare.mem_util");
  }

  @Test
  void poolsAreWrittenFromTheirAllocationAndGoneContainersAreForgotten() {
    calc.cycle(
        List.of(task("w.1", "S0")),
        List.of(AgentRead.answered("S0", "a", List.of(sample("w.1", 1, 0, 1)))),
        List.of());
    UsageCalculator.Cycle c =
        calc.cycle(
            List.of(),
            List.of(AgentRead.answered("S0", "a", List.of())),
            List.of(new PoolUsage("scaling", 8, 2.5, 32768, 4096)));
    assertThat(points(c))
        .containsEntry("mesos.pools.scaling.cpus_total", 8.0)
        .containsEntry("mesos.pools.scaling.cpus_used", 2.5)
        .containsEntry("mesos.pools.scaling.mem_total", 32768.0)
        .containsEntry("mesos.pools.scaling.mem_used", 4096.0);
    assertThat(calc.remembered()).isZero();
  }

  @Test
  void marathonTaskIdsOfEveryFormatNameTheirApp() {
    assertThat(
            MarathonTaskIds.appId("shop_web.instance-1f0c2a3e-7714-11e7-a55c-5ecf1c4671f6._app.1"))
        .contains("/shop/web");
    assertThat(MarathonTaskIds.appId("shop_web.marathon-b6ff5fa5-7714-11e7-a55c-5ecf1c4671f6"))
        .contains("/shop/web");
    assertThat(MarathonTaskIds.appId("shop_web.8d2a1f3c-0771-11e4-b05d-e0f84720c54e"))
        .contains("/shop/web");
    assertThat(MarathonTaskIds.appId("app_682ebe64-0771-11e4-b05d-e0f84720c54e")).contains("/app");
    assertThat(MarathonTaskIds.appId("my.app.8d2a1f3c-0771-11e4-b05d-e0f84720c54e"))
        .as("a segment may hold dots")
        .contains("/my.app");
    assertThat(MarathonTaskIds.appId("nodelimiter")).isEmpty();
    assertThat(MarathonTaskIds.appId("")).isEmpty();
  }
}

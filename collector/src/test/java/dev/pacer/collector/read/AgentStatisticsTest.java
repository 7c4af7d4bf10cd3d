package dev.pacer.collector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.collector.plan.ContainerSample;
import dev.pacer.testkit.Contracts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agents' statistics, read from the contract's verbatim payloads. */
class AgentStatisticsTest {
  private static byte[] contract(String name) {
    return Contracts.text("mesos/" + name).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRealLookingAgentOutputGivesItsCountersLimitsAndMemoryAndSkipsTheRest() throws Exception {
    List<ContainerSample> s =
        AgentStatistics.samples(
            contract("agent-monitor-statistics.network-isolator-doc.json"),
            "20150707-195256-1740121354-5150-29801-0000");
    assertThat(s)
        .containsExactly(
            new ContainerSample(
                "job.1436298853", 1436300487.41595, 123.49 + 2667.06, 1.1, 8388608, 167772160));
  }

  @Test
  void anotherFrameworksExecutorsAreLeftOut() throws Exception {
    assertThat(
            AgentStatistics.samples(
                contract("agent-monitor-statistics.network-isolator-doc.json"), "marathon-fw"))
        .isEmpty();
    assertThat(
            AgentStatistics.samples(
                contract("agent-monitor-statistics.endpoint-help.json"), "framework"))
        .singleElement()
        .satisfies(c -> assertThat(c.cpuSecs()).isEqualTo(96348.84 + 34501.45));
  }

  @Test
  void absentFieldsAreNaNAndAnEntryWithoutTimestampIsNoSample() throws Exception {
    byte[] body =
        ("[{\"executor_id\":\"a\",\"framework_id\":\"f\",\"statistics\":{\"timestamp\":5,"
                + "\"cpus_user_time_secs\":1}},"
                + "{\"executor_id\":\"b\",\"framework_id\":\"f\",\"statistics\":{\"cpus_limit\":1}}]")
            .getBytes(StandardCharsets.UTF_8);
    List<ContainerSample> s = AgentStatistics.samples(body, "f");
    assertThat(s)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.executorId()).isEqualTo("a");
              assertThat(c.cpuSecs()).as("no system time: no CPU total").isNaN();
              assertThat(c.cpusLimit()).isNaN();
              assertThat(c.memRss()).isNaN();
            });
    assertThatThrownBy(() -> AgentStatistics.samples("{}".getBytes(StandardCharsets.UTF_8), "f"))
        .hasMessageContaining("not a JSON array");
  }
}

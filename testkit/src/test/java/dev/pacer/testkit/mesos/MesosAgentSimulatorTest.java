package dev.pacer.testkit.mesos;

import static dev.pacer.testkit.Await.failure;
import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.Contracts;
import dev.pacer.testkit.ManualClock;
import dev.pacer.testkit.OverHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agent simulator's /monitor/statistics held to the contract (contracts, section 5). */
class MesosAgentSimulatorTest extends OverHttp {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T10:00:00Z"));

  private JsonArray statistics(MesosAgentSimulator agent, String path) {
    return result(http.get(agent.agentPort(), "127.0.0.1", path).send()).bodyAsJsonArray();
  }

  @Test
  void anEntryPerLiveExecutorShapedAsTheContractsWithCumulativeCountersOnTheAgentsClock() {
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, clock));
    agent.run("web.1", "fw", 1.1, 167772160L);
    agent.cpu("web.1", 0.5);
    agent.rss("web.1", 8388608L);
    clock.advance(Duration.ofSeconds(10));
    JsonObject e = statistics(agent, "/monitor/statistics").getJsonObject(0);
    // the same keys as the contract's real-looking output, but what no isolator set here
    JsonObject real =
        new JsonArray(Contracts.text("mesos/agent-monitor-statistics.network-isolator-doc.json"))
            .getJsonObject(0);
    assertThat(e.fieldNames()).isEqualTo(real.fieldNames());
    assertThat(real.getJsonObject("statistics").fieldNames())
        .containsAll(e.getJsonObject("statistics").fieldNames());
    assertThat(e.getString("executor_id")).isEqualTo("web.1").isEqualTo(e.getString("source"));
    JsonObject s = e.getJsonObject("statistics");
    assertThat(s.getDouble("timestamp")).isEqualTo(clock.instant().getEpochSecond());
    assertThat(s.getDouble("cpus_user_time_secs") + s.getDouble("cpus_system_time_secs"))
        .isEqualTo(5.0);
    assertThat(s.getDouble("cpus_limit")).isEqualTo(1.1);
    // the older path answers the same
    assertThat(
            statistics(agent, "/slave(1)/monitor/statistics").getJsonObject(0).getString("source"))
        .isEqualTo("web.1");
  }

  @Test
  void absentFieldsStayAbsentARestartStartsAtZeroAndAStoppedExecutorLeaves() {
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, clock));
    agent.run("bare.1", "fw", null, null);
    agent.cpu("bare.1", 1);
    clock.advance(Duration.ofSeconds(4));
    JsonObject s =
        statistics(agent, "/monitor/statistics").getJsonObject(0).getJsonObject("statistics");
    assertThat(s.fieldNames())
        .isEqualTo(Set.of("timestamp", "cpus_user_time_secs", "cpus_system_time_secs"));
    agent.resetCounters("bare.1");
    clock.advance(Duration.ofSeconds(1));
    s = statistics(agent, "/monitor/statistics").getJsonObject(0).getJsonObject("statistics");
    assertThat(s.getDouble("cpus_user_time_secs") + s.getDouble("cpus_system_time_secs"))
        .as("after a reset, one second at one core")
        .isEqualTo(1.0);
    agent.stop("bare.1");
    assertThat(statistics(agent, "/monitor/statistics")).isEmpty();
  }

  @Test
  void aSilentAgentAnswersNothingUntilTheClientGivesUp() {
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, clock));
    agent.silent(true);
    assertThat(
            failure(
                http.get(agent.agentPort(), "127.0.0.1", "/monitor/statistics")
                    .timeout(300)
                    .send()))
        .hasMessageContaining("timeout");
    assertThat(agent.answered()).isZero();
  }
}

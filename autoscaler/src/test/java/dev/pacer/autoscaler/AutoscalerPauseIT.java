package dev.pacer.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.types.EventTypes;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pauses and cycle timing, against real Graphite and the Marathon simulator. */
class AutoscalerPauseIT extends AutoscalerITBase {
  @Test
  void aPerAppPauseHoldsThatAppOnly() {
    f.app("held", 2, "");
    f.app("free", 2, "");
    f.write("held", 0.55);
    f.write("free", 0.55);
    f.start();
    assertThat(
            f.post(
                "/pause",
                "{\"scope\": \""
                    + f.id("held")
                    + "\", \"for\": \"1h\", \"reason\": \"incident 9\","
                    + " \"who\": \"alice\"}"))
        .isEqualTo(200);
    f.write("held", 0.9);
    f.write("free", 0.9);
    await().atMost(WAIT).until(() -> f.instances("free") > 2);
    cycles(3);
    assertThat(f.puts("held")).isEmpty();
    assertThat(f.events("held", EventTypes.SCALE_HELD))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.data()).containsEntry("hold", "paused");
              assertThat(e.data().get("reason").toString())
                  .startsWith("paused by alice until ")
                  .endsWith(": incident 9");
            });
  }

  @Test
  void aGlobalPauseHoldsEveryAppAndEndsOnTime() {
    f.app("one", 2, "");
    f.app("two", 2, "");
    f.write("one", 0.55);
    f.write("two", 0.55);
    f.start();
    long asked = System.nanoTime();
    assertThat(f.post("/pause", "{\"scope\": \"global\", \"for\": \"8s\"}")).isEqualTo(200);
    f.write("one", 0.9);
    f.write("two", 0.9);
    await().atMost(WAIT).until(() -> f.instances("one") > 2 && f.instances("two") > 2);
    // the pause began after `asked`: no change may reach Marathon before it ended
    for (String app : new String[] {"one", "two"}) {
      assertThat(f.puts(app))
          .as(app)
          .allSatisfy(
              r ->
                  assertThat(r.receivedNanos() - asked)
                      .isGreaterThanOrEqualTo(Duration.ofSeconds(8).toNanos()));
    }
  }

  @Test
  void aPauseSurvivesARestart() {
    f.app("kept", 2, "");
    f.write("kept", 0.55);
    f.start();
    assertThat(f.post("/pause", "{\"scope\": \"" + f.id("kept") + "\", \"for\": \"1h\"}"))
        .isEqualTo(200);
    f.stop();
    f.write("kept", 0.9);
    f.start();
    cycles(3);
    assertThat(f.puts("kept")).isEmpty();
    JsonObject state =
        f.status()
            .getJsonObject("autoscaler")
            .getJsonObject("app-states")
            .getJsonObject(f.id("kept"));
    assertThat(state.getString("hold")).isEqualTo("paused");
    assertThat(f.status().getJsonArray("pauses")).hasSize(1);
  }

  @Test
  void aSlowCycleNeverOverlapsTheNext() {
    f.app("slow", 3, "");
    f.write("slow", 0.55);
    // Marathon answers each request after 1 s; a cycle is due every 300 ms
    f.marathon.latency(Duration.ofSeconds(1));
    f.start();
    cycles(3);
    JsonObject s = f.status().getJsonObject("autoscaler");
    assertThat(s.getLong("cycles-skipped")).isPositive();
    long listings =
        f.marathon.requests("GET", "/v2/apps").stream()
            .filter(r -> r.path().equals("/v2/apps"))
            .count();
    // one listing per cycle: the completed ones and at most the one running now
    assertThat(listings).isBetween(s.getLong("cycles"), s.getLong("cycles") + 1);
  }
}

package dev.pacer.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.types.EventTypes;
import dev.pacer.testsupport.ManualScheduler;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Pauses and cycle timing, against real Graphite and the Marathon simulator, on virtual time: a
 * cycle runs when the test moves the clock, and an 8 s pause ends in no time.
 */
class AutoscalerPauseIT extends AutoscalerITBase {
  // from now: the points the test writes to Graphite carry the wall clock's time
  final ManualScheduler time = new ManualScheduler(Instant.now());

  /** Cycles on virtual time until {@code done}, at most 20. */
  void cycleUntil(java.util.function.BooleanSupplier done) {
    for (int i = 0; i < 20 && !done.getAsBoolean(); i++) {
      f.cycle();
    }
    assertThat(done.getAsBoolean()).as("done within 20 cycles").isTrue();
  }

  void virtualCycles(int n) {
    for (int i = 0; i < n; i++) {
      f.cycle();
    }
  }

  @Test
  void aPerAppPauseHoldsThatAppOnly() {
    f.app("held", 2, "");
    f.app("free", 2, "");
    f.write("held", 0.55);
    f.write("free", 0.55);
    f.start(time);
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
    cycleUntil(() -> f.instances("free") > 2);
    virtualCycles(3);
    assertThat(f.puts("held")).isEmpty();
    assertThat(f.events("held", EventTypes.SCALE_HELD))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.data()).containsEntry("hold", "paused");
              assertThat(e.data().get("reason").toString())
                  .startsWith("paused by alice until ")
                  .endsWith(": incident 9");
              // the pause is an input of every decision while it holds, for the journal
              assertThat(e.data().get("paused")).isEqualTo(e.data().get("reason"));
            });
  }

  @Test
  void aGlobalPauseHoldsEveryAppAndEndsOnTime() {
    f.app("one", 2, "");
    f.app("two", 2, "");
    f.write("one", 0.55);
    f.write("two", 0.55);
    f.start(time);
    assertThat(f.post("/pause", "{\"scope\": \"global\", \"for\": \"8s\"}")).isEqualTo(200);
    f.write("one", 0.9);
    f.write("two", 0.9);
    virtualCycles(3);
    // a millisecond before the pause ends, the cycles in between reached nothing in Marathon
    long before = f.cycles();
    time.advance(Duration.ofSeconds(8).minusMillis(300 * 3 + 1));
    await().atMost(WAIT).until(() -> f.cycles() > before);
    assertThat(f.puts("one")).isEmpty();
    assertThat(f.puts("two")).isEmpty();
    assertThat(f.status().getJsonArray("pauses")).hasSize(1);
    // and right after it, both scale
    time.advance(Duration.ofMillis(1));
    cycleUntil(() -> f.instances("one") > 2 && f.instances("two") > 2);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(f.status().getJsonArray("pauses")).isEmpty());
  }

  @Test
  void aPauseSurvivesARestart() {
    f.app("kept", 2, "");
    f.write("kept", 0.55);
    f.start(time);
    assertThat(f.post("/pause", "{\"scope\": \"" + f.id("kept") + "\", \"for\": \"1h\"}"))
        .isEqualTo(200);
    f.stop();
    f.write("kept", 0.9);
    f.start(time);
    virtualCycles(3);
    assertThat(f.puts("kept")).isEmpty();
    JsonObject state = f.appState("kept");
    assertThat(state.getString("hold")).isEqualTo("paused");
    assertThat(f.status().getJsonArray("pauses")).hasSize(1);
  }

  @Test
  void aSlowCycleNeverOverlapsTheNext() {
    f.app("slow", 3, "");
    f.write("slow", 0.55);
    // Marathon answers each request after 1 s; a cycle is due every 300 ms
    f.marathon.latency(Duration.ofSeconds(1));
    f.start(time);
    for (int i = 0; i < 4; i++) {
      time.advance(Duration.ofMillis(300)); // the first starts; the others find it running
    }
    await().atMost(WAIT).until(() -> f.cycles() >= 1);
    JsonObject s = f.status().getJsonObject("autoscaler");
    assertThat(s.getLong("cycles-skipped")).isEqualTo(3);
    assertThat(s.getLong("cycles")).isEqualTo(1);
    long listings =
        f.marathon.requests("GET", "/v2/apps").stream()
            .filter(r -> r.path().equals("/v2/apps"))
            .count();
    // one listing per cycle that ran
    assertThat(listings).isEqualTo(1);
  }
}

package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusSummaryTest {
  /** A /status document the demo served (captured from {@code bin/pacer demo}). */
  static JsonObject demoStatus() throws IOException {
    try (InputStream in = StatusSummaryTest.class.getResourceAsStream("/status/demo-status.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theDemosStatusReadsAsAFewLinesThatSayWhatIsNotNormal() throws IOException {
    assertThat(StatusSummary.render(demoStatus()))
        .isEqualTo(
            String.join(
                "\n",
                "Pacer vm-10578 (leader, solo), up 27 s, events on local, Marathon"
                    + " http://127.0.0.1:44623",
                "Marathon event stream: connected (15 events, 1 connects)",
                "Daemons: slack-notifier running, autodeployer running, autoscaler running,"
                    + " agent-scaler running",
                "Pauses (1):",
                "  /demo/worker until 2026-12-03T15:35:57.108600272Z (9 min left) by demo: demo: a"
                    + " runbook holds the worker",
                "Autodeployer: 2 apps watched, 0 deploying, 0 waiting for their tag, 0 retrying, 0"
                    + " queued",
                "  /demo/api: rolled back, registry.example.com/acme/api:release-2.4.0 (from"
                    + " registry.example.com/acme/api:release-2.5.0@sha256:c1101d63dcfa4813922735864138be4b)"
                    + " at 2026-12-03T15:25:54.133538823Z",
                "Autoscaler: 2 apps; last cycle 2026-12-03T15:26:07.557336039Z (0 scaled, 2 held,"
                    + " 0 invalid)",
                "  /demo/web at 5 (2-8), holding: cooldown (0.1 is below down 0.4; scaling down"
                    + " to 2 waits for the cooldown until 2026-12-03T15:26:07.584Z)",
                "  /demo/worker at 3 (1-5), holding: paused (paused by demo until"
                    + " 2026-12-03T15:35:57.108600272Z: demo: a runbook holds the worker)",
                "Agent pools: 2",
                "  scaling: 2 agents, 2 desired, free cpus 100 %, mem 100 %, disk 100 %; held"
                    + " (free cpus 100 %, mem 100 %, disk 100 % (target 20 %); needs 2 agents, has"
                    + " 2)",
                "  stable: 1 agents, 1 desired, free cpus 100 %, mem 100 %, disk 100 %; observed"
                    + " only: no cloud group, never changed (free cpus 100 %, mem 100 %, disk 100"
                    + " % (target 20 %); after giving up 1: free cpus 100 %, mem 100 %, disk 100 %"
                    + " (target 20 %))",
                "Slack: console mode, 2 channels, 0 failed, 0 dropped"));
  }

  @Test
  void aLaneAtWorkAndALostStreamAreNamed() throws IOException {
    JsonObject s = demoStatus();
    s.getJsonObject("marathon-events")
        .put("connected", false)
        .put("last-error", "cannot reach http://m:8080: Connection refused");
    JsonObject apps = s.getJsonObject("autodeployer").getJsonObject("apps");
    apps.getJsonObject("/demo/web")
        .put(
            "retrying",
            new JsonObject()
                .put("image", "r/acme/web:7")
                .put("since", "2026-12-03T15:26:00Z")
                .put("attempts", 3)
                .put("last-error", "Marathon answered 503"))
        .put("queued", "r/acme/web:8");
    apps.getJsonObject("/demo/api")
        .put(
            "waiting-for-tag",
            new JsonObject()
                .put("image", "r/acme/api:9")
                .put("since", "2026-12-03T15:26:01Z")
                .put("checks", 4));
    s.put("pauses", new JsonArray());
    String text = StatusSummary.render(s);
    assertThat(text)
        .contains(
            "Marathon event stream: NOT connected (15 events, 1 connects); last error: cannot"
                + " reach http://m:8080: Connection refused")
        .contains(
            "  /demo/web: retrying r/acme/web:7 (3 attempts since 2026-12-03T15:26:00Z; last"
                + " error: Marathon answered 503)\n    then r/acme/web:8 (queued)")
        .contains(
            "  /demo/api: waiting for r/acme/api:9 to show up in the registry (4 checks since"
                + " 2026-12-03T15:26:01Z)")
        .contains("Pauses: none");
  }

  @Test
  void durationsAreSaidInTheLargestUnitsThatMatter() {
    assertThat(StatusSummary.human(Duration.ofSeconds(42))).isEqualTo("42 s");
    assertThat(StatusSummary.human(Duration.ofSeconds(9 * 60 + 59))).isEqualTo("9 min");
    assertThat(StatusSummary.human(Duration.ofMinutes(185))).isEqualTo("3 h 5 min");
    assertThat(StatusSummary.human(Duration.ofHours(52))).isEqualTo("2 d 4 h");
    assertThat(StatusSummary.human(Duration.ofSeconds(-5))).isEqualTo("0 s");
  }
}

package dev.pacer.autodeployer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AppLaneTest {
  @Test
  void aBusyLaneSaysWhatHoldsItNeverNull() {
    AppLane lane = new AppLane("/acme/foo");
    lane.busy = true;
    assertThat(lane.doing()).isEqualTo("preparing a deploy");
    lane.checking("r.io/acme/foo:master-2", 3, Instant.EPOCH);
    assertThat(lane.doing())
        .isEqualTo("waiting for r.io/acme/foo:master-2 to show up in the registry");
    lane.checked();
    // someone else's deployment holds the app: no image of Pacer's is in flight
    lane.inFlightDeployment = "d1,d2";
    assertThat(lane.doing()).isEqualTo("waiting out someone else's deployment d1,d2");
    lane.inFlightImage = "r.io/acme/foo:master-1";
    lane.inFlightDeployment = "d3";
    assertThat(lane.doing()).isEqualTo("deploying r.io/acme/foo:master-1 (deployment d3)");
  }

  @Test
  void aRetriedPushCountsItsAttemptsKeepsItsStartAndEndsWithAnOutcome() {
    AppLane lane = new AppLane("/acme/foo");
    lane.retrying("r.io/acme/foo:2", "connection refused", Instant.EPOCH);
    lane.retrying("r.io/acme/foo:2", "503", Instant.EPOCH.plusSeconds(5));
    assertThat(lane.status().get("retrying"))
        .isEqualTo(
            java.util.Map.of(
                "image", "r.io/acme/foo:2",
                "since", "1970-01-01T00:00:00Z",
                "attempts", 2,
                "last-error", "503"));
    // another push starts again from one
    lane.retrying("r.io/acme/foo:3", "503", Instant.EPOCH.plusSeconds(9));
    assertThat(lane.retrying).containsEntry("attempts", 1);
    lane.record("failed", "r.io/acme/foo:3", "gave up", Instant.EPOCH.plusSeconds(600));
    assertThat(lane.status()).doesNotContainKey("retrying");
  }
}

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
}

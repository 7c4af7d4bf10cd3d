package dev.pacer.autoscaler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.plan.ScaleDecision.Keep;
import dev.pacer.autoscaler.plan.ScaleDecision.ScaleTo;
import dev.pacer.autoscaler.plan.ScaleInput.Recommended;
import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several metrics, a target, stabilization windows and percentage steps (issue 20). */
class ScaleDeciderPoliciesTest {
  static final Instant NOW = ScaleDeciderTest.NOW;
  static final Instant LONG_AGO = ScaleDeciderTest.LONG_AGO;

  static final AutoscalePolicy TWO =
      AutoscaleLabel.parse(
          "/web",
          "{ minInstances = 2, maxInstances = 20, cooldown = 0, graphite = ["
              + " { target = cpu, down = 0.4, up = 0.7 }, { target = rps, down = 100, up = 300 } ] }");

  static ScaleDecision decide(AutoscalePolicy p, int n, List<Sample> s, List<Recommended> h) {
    return ScaleDecider.decide(new ScaleInput(p, n, false, LONG_AGO, LONG_AGO, s, null, NOW, h));
  }

  static Sample v(double value) {
    return new Sample.Value(value, NOW.minusSeconds(10));
  }

  static final Sample NONE = new Sample.NoData("only null points in the last 2m");

  @Test
  void anyMetricAboveItsBandScalesUpByTheMostDemanding() {
    // cpu asks ceil(4 × 0.8 / 0.55) = 6, rps ceil(4 × 500 / 200) = 10: the larger wins
    ScaleTo to = (ScaleTo) decide(TWO, 4, List.of(v(0.8), v(500)), List.of());
    assertThat(to.to()).isEqualTo(10);
    assertThat(to.reason()).isEqualTo("rps: 500 is above up 300 (the most demanding metric)");
    // one above, one inside: up all the same
    assertThat(((ScaleTo) decide(TWO, 4, List.of(v(0.5), v(400)), List.of())).to()).isEqualTo(8);
  }

  @Test
  void downOnlyWhenEveryMetricIsBelowItsBand() {
    Keep k = (Keep) decide(TWO, 8, List.of(v(0.2), v(200)), List.of());
    assertThat(k.kind()).isEqualTo(Hold.IN_BAND);
    assertThat(k.reason()).isEqualTo("cpu: 0.2 is below down 0.4; rps: 200 is inside [100, 300]");
    ScaleTo to = (ScaleTo) decide(TWO, 8, List.of(v(0.2), v(50)), List.of());
    // cpu asks ceil(8 × 0.2 / 0.55) = 3, rps ceil(8 × 50 / 200) = 2: the larger, 3
    assertThat(to.to()).isEqualTo(3);
    assertThat(to.reason())
        .isEqualTo(
            "every metric is below its band: cpu: 0.2 is below down 0.4; rps: 50 is below down 100");
  }

  @Test
  void aMissingMetricBlocksAScaleDownButNotAScaleUp() {
    Keep k = (Keep) decide(TWO, 8, List.of(v(0.2), NONE), List.of());
    assertThat(k.kind()).isEqualTo(Hold.NO_DATA);
    assertThat(k.reason())
        .isEqualTo(
            "cpu: 0.2 is below down 0.4; but rps has no value (only null points in the last 2m):"
                + " never scales in on missing data");
    assertThat(((ScaleTo) decide(TWO, 4, List.of(NONE, v(600)), List.of())).to()).isEqualTo(12);
    Keep none = (Keep) decide(TWO, 4, List.of(NONE, NONE), List.of());
    assertThat(none.kind()).isEqualTo(Hold.NO_DATA);
    assertThat(none.reason()).startsWith("no metric has a value: cpu: only null points");
    // a missing metric never scales in, even an app above its max
    assertThat(((Keep) decide(TWO, 25, List.of(v(0.5), NONE), List.of())).kind())
        .isEqualTo(Hold.NO_DATA);
    assertThat(((ScaleTo) decide(TWO, 25, List.of(v(0.5), v(200)), List.of())).to()).isEqualTo(20);
  }

  @Test
  void aTargetFollowsHpasRuleOutsideItsTolerance() {
    AutoscalePolicy p =
        AutoscaleLabel.parse(
            "/web",
            "{ minInstances = 1, maxInstances = 50, cooldown = 0,"
                + " graphite = { target = cpu, value = 0.6 } }");
    // ceil(10 × 0.9 / 0.6) = 15
    ScaleTo up = (ScaleTo) decide(p, 10, List.of(v(0.9)), List.of());
    assertThat(up)
        .isEqualTo(new ScaleTo(10, 15, "0.9 is 50% above the target 0.6 (tolerance 10%)"));
    // within 10 %: nothing
    Keep in = (Keep) decide(p, 10, List.of(v(0.65)), List.of());
    assertThat(in.kind()).isEqualTo(Hold.IN_BAND);
    assertThat(in.reason()).isEqualTo("0.65 is within 10% of the target 0.6");
    // ceil(10 × 0.3 / 0.6) = 5
    assertThat(((ScaleTo) decide(p, 10, List.of(v(0.3)), List.of())).to()).isEqualTo(5);
    // 20 % below, but ceil(2 × 0.8) is still 2: HPA's rule keeps 2
    Keep rounded = (Keep) decide(p, 2, List.of(v(0.48)), List.of());
    assertThat(rounded.kind()).isEqualTo(Hold.IN_BAND);
    assertThat(rounded.reason()).endsWith("but ceil(2 × 0.8) is 2");
  }

  @Test
  void scaleDownStabilizationTakesTheWindowsHighestRecommendation() {
    AutoscalePolicy p =
        AutoscaleLabel.parse(
            "/web",
            "{ minInstances = 1, maxInstances = 20, cooldown = 0, scaleDownStabilization = 5m,"
                + " graphite = { target = cpu, down = 0.4, up = 0.7 } }");
    List<Recommended> history =
        List.of(
            new Recommended(NOW.minus(Duration.ofMinutes(6)), 12), // outside the window
            new Recommended(NOW.minus(Duration.ofMinutes(4)), 10),
            new Recommended(NOW.minus(Duration.ofMinutes(1)), 6));
    // the metric asks ceil(10 × 0.1 / 0.55) = 2, the window's highest is 10: held at 10
    Keep k = (Keep) decide(p, 10, List.of(v(0.1)), history);
    assertThat(k.kind()).isEqualTo(Hold.STABILIZING);
    assertThat(k.reason())
        .isEqualTo(
            "0.1 is below down 0.4; scaleDownStabilization 5m allows 10, the highest"
                + " recommendation in it");
    // from 12 it may go to 10, not to 2
    ScaleTo to = (ScaleTo) decide(p, 12, List.of(v(0.1)), history);
    assertThat(to.to()).isEqualTo(10);
    assertThat(to.reason()).contains("(scaleDownStabilization 5m allows 10");
    // a scale-up is not held back by it
    assertThat(((ScaleTo) decide(p, 4, List.of(v(0.9)), history)).to()).isEqualTo(7);
  }

  @Test
  void scaleUpStabilizationTakesTheWindowsLowestRecommendation() {
    AutoscalePolicy p =
        AutoscaleLabel.parse(
            "/web",
            "{ minInstances = 1, maxInstances = 20, cooldown = 0, scaleUpStabilization = 2m,"
                + " graphite = { target = cpu, down = 0.4, up = 0.7 } }");
    List<Recommended> history = List.of(new Recommended(NOW.minusSeconds(60), 4));
    assertThat(((Keep) decide(p, 4, List.of(v(0.9)), history)).kind()).isEqualTo(Hold.STABILIZING);
    assertThat(((ScaleTo) decide(p, 3, List.of(v(0.9)), history)).to()).isEqualTo(4);
  }

  @Test
  void percentStepsLimitEachChangeByTheAppsSize() {
    AutoscalePolicy p =
        AutoscaleLabel.parse(
            "/web",
            "{ minInstances = 1, maxInstances = 100, cooldown = 0, maxStepUp = \"50%\","
                + " maxStepDown = 10%, graphite = { target = cpu, down = 0.4, up = 0.7 } }");
    // asks ceil(10 × 2 / 0.55) = 37; 50 % of 10 allows 5
    assertThat(((ScaleTo) decide(p, 10, List.of(v(2.0)), List.of())).to()).isEqualTo(15);
    // 10 % of 30 is 3; of 5 it is still one
    assertThat(((ScaleTo) decide(p, 30, List.of(v(0.0)), List.of())).to()).isEqualTo(27);
    assertThat(((ScaleTo) decide(p, 5, List.of(v(0.0)), List.of())).to()).isEqualTo(4);
  }

  @Test
  void theRecommendationKeptForTheWindowsIsBoundedAndBlockedByAMissingMetric() {
    ScaleInput in =
        new ScaleInput(
            TWO, 8, false, LONG_AGO, LONG_AGO, List.of(v(0.2), NONE), null, NOW, List.of());
    assertThat(ScaleDecider.recommended(in)).hasValue(8);
    ScaleInput high =
        new ScaleInput(
            TWO, 8, false, LONG_AGO, LONG_AGO, List.of(v(9.0), v(0)), null, NOW, List.of());
    assertThat(ScaleDecider.recommended(high)).hasValue(20);
    ScaleInput paused =
        new ScaleInput(
            TWO, 8, false, LONG_AGO, LONG_AGO, List.of(v(9.0), v(0)), "p", NOW, List.of());
    assertThat(ScaleDecider.recommended(paused)).isEmpty();
  }
}

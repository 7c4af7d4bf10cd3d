package dev.pacer.autoscaler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.plan.ScaleDecision.Keep;
import dev.pacer.autoscaler.plan.ScaleDecision.ScaleTo;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ScaleDeciderTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  static final Instant LONG_AGO = NOW.minus(Duration.ofDays(1));

  static ScaleDecision decide(AutoscalePolicy p, int n, Sample s) {
    return ScaleDecider.decide(new ScaleInput(p, n, false, LONG_AGO, LONG_AGO, s, null, NOW));
  }

  static Sample value(double v) {
    return new Sample.Value(v, NOW.minusSeconds(10));
  }

  @Test
  void aHighMetricAimsAtTheMiddleOfTheBand() {
    // 4 × 0.9 / 0.55 = 6.5 → 7
    assertThat(decide(Policies.seed(), 4, value(0.9)))
        .isEqualTo(new ScaleTo(4, 7, "0.9 is above up 0.7"));
  }

  @Test
  void aBarelyHighMetricStillAddsOne() {
    assertThat(decide(Policies.seed(), 3, value(0.71)))
        .isInstanceOf(ScaleTo.class)
        .extracting(d -> ((ScaleTo) d).to())
        .isEqualTo(4);
  }

  @Test
  void neverPastMaxAndAtMaxItHoldsSayingSo() {
    assertThat(((ScaleTo) decide(Policies.seed(), 8, value(5.0))).to()).isEqualTo(9);
    Keep k = (Keep) decide(Policies.seed(), 9, value(5.0));
    assertThat(k.kind()).isEqualTo(Hold.AT_BOUND);
    assertThat(k.reason()).contains("at maxInstances 9");
  }

  @Test
  void aLowMetricScalesDownButNeverBelowMin() {
    // 9 × 0.2 / 0.55 = 3.3 → 4
    assertThat(((ScaleTo) decide(Policies.seed(), 9, value(0.2))).to()).isEqualTo(4);
    assertThat(((ScaleTo) decide(Policies.seed(), 5, value(0.0))).to()).isEqualTo(3);
    assertThat(((Keep) decide(Policies.seed(), 3, value(0.0))).kind()).isEqualTo(Hold.AT_BOUND);
  }

  @Test
  void insideTheBandNothingChanges() {
    Keep k = (Keep) decide(Policies.seed(), 5, value(0.55));
    assertThat(k.kind()).isEqualTo(Hold.IN_BAND);
    assertThat(k.reason()).isEqualTo("0.55 is inside [0.4, 0.7]");
  }

  @Test
  void stepCapsLimitEachChange() {
    AutoscalePolicy p = Policies.seed();
    AutoscalePolicy capped =
        new AutoscalePolicy(
            p.minInstances(),
            p.maxInstances(),
            p.scaleUpCooldown(),
            p.scaleDownCooldown(),
            p.target(),
            p.down(),
            p.up(),
            OptionalInt.of(1),
            OptionalInt.of(2),
            p.window(),
            p.aggregation(),
            false);
    assertThat(((ScaleTo) decide(capped, 3, value(5.0))).to()).isEqualTo(4);
    assertThat(((ScaleTo) decide(capped, 9, value(0.0))).to()).isEqualTo(7);
  }

  @Test
  void missingDataHoldsAndNeverScalesIn() {
    Keep k = (Keep) decide(Policies.seed(), 9, new Sample.NoData("no points in the last 2m"));
    assertThat(k.kind()).isEqualTo(Hold.NO_DATA);
    assertThat(k.reason()).isEqualTo("no points in the last 2m");
  }

  @Test
  void belowMinIsBroughtUpEvenWithoutData() {
    assertThat(decide(Policies.seed(), 1, new Sample.NoData("none")))
        .isEqualTo(new ScaleTo(1, 3, "1 instances is below minInstances 3"));
  }

  @Test
  void aboveMaxIsBroughtDownOnlyWithData() {
    assertThat(((Keep) decide(Policies.seed(), 12, new Sample.NoData("none"))).kind())
        .isEqualTo(Hold.NO_DATA);
    assertThat(((ScaleTo) decide(Policies.seed(), 12, value(0.5))).to()).isEqualTo(9);
    // overloaded above max: never scaled in under load
    assertThat(((Keep) decide(Policies.seed(), 12, value(0.9))).kind()).isEqualTo(Hold.AT_BOUND);
  }

  @Test
  void eachDirectionWaitsForItsOwnCooldownCountedFromTheLaterChange() {
    AutoscalePolicy p = Policies.of(1, 10, Duration.ofMinutes(1), Duration.ofMinutes(15), 0.4, 0.7);
    Instant scaled = NOW.minus(Duration.ofMinutes(20));
    Instant deployed = NOW.minus(Duration.ofMinutes(5));
    ScaleInput up = new ScaleInput(p, 4, false, scaled, deployed, value(0.9), null, NOW);
    assertThat(ScaleDecider.decide(up)).isInstanceOf(ScaleTo.class);
    ScaleInput down = new ScaleInput(p, 4, false, scaled, deployed, value(0.1), null, NOW);
    Keep k = (Keep) ScaleDecider.decide(down);
    assertThat(k.kind()).isEqualTo(Hold.COOLDOWN);
    assertThat(k.reason()).contains("until " + deployed.plus(Duration.ofMinutes(15)));
  }

  @Test
  void suspendedPausedAndDeployingHoldWhateverTheMetric() {
    AutoscalePolicy p = Policies.seed();
    Sample hot = value(0.99);
    assertThat(
            ((Keep) ScaleDecider.decide(new ScaleInput(p, 0, false, null, null, hot, null, NOW)))
                .kind())
        .isEqualTo(Hold.SUSPENDED);
    assertThat(
            ((Keep)
                    ScaleDecider.decide(
                        new ScaleInput(p, 4, false, null, null, hot, "paused by ops", NOW)))
                .reason())
        .isEqualTo("paused by ops");
    assertThat(
            ((Keep) ScaleDecider.decide(new ScaleInput(p, 4, true, null, null, hot, null, NOW)))
                .kind())
        .isEqualTo(Hold.DEPLOYING);
  }
}

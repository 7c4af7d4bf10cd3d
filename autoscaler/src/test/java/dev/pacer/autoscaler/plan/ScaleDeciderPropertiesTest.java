package dev.pacer.autoscaler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.plan.ScaleDecision.Keep;
import dev.pacer.autoscaler.plan.ScaleDecision.ScaleTo;
import dev.pacer.autoscaler.policy.Aggregation;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/** The autoscaler's invariants, for any policy and any metric sequence. */
class ScaleDeciderPropertiesTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration CYCLE = Duration.ofSeconds(30);

  @Provide
  Arbitrary<AutoscalePolicy> policies() {
    Arbitrary<Integer> min = Arbitraries.integers().between(1, 20);
    Arbitrary<Integer> span = Arbitraries.integers().between(0, 30);
    Arbitrary<Integer> upCd = Arbitraries.integers().between(0, 1800);
    Arbitrary<Integer> downCd = Arbitraries.integers().between(0, 1800);
    Arbitrary<Double> down = Arbitraries.doubles().between(-1, 100);
    Arbitrary<Double> width = Arbitraries.doubles().between(0.001, 100).ofScale(3);
    Arbitrary<OptionalInt> step =
        Arbitraries.integers()
            .between(1, 10)
            .map(OptionalInt::of)
            .injectNull(0.5)
            .map(o -> o == null ? OptionalInt.empty() : o);
    return Combinators.combine(min, span, upCd, downCd, down, width, step, step)
        .as(
            (mn, sp, u, d, lo, w, su, sd) ->
                new AutoscalePolicy(
                    mn,
                    mn + sp,
                    Duration.ofSeconds(u),
                    Duration.ofSeconds(d),
                    "t",
                    lo,
                    lo + w,
                    su,
                    sd,
                    Duration.ofMinutes(2),
                    Aggregation.AVG,
                    false));
  }

  @Provide
  Arbitrary<Sample> samples() {
    Arbitrary<Sample> values =
        Arbitraries.oneOf(
                Arbitraries.doubles().between(-10, 1000),
                Arbitraries.of(0.0, Double.MAX_VALUE, -Double.MAX_VALUE, 1e9))
            .map(v -> new Sample.Value(v, T0));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, values),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Sample.NoData("none"))));
  }

  /** Runs a sequence of cycles as the autoscaler would, applying every change to the app. */
  @Property
  void instancesStayWithinMinAndMaxForAnyMetricSequence(
      @ForAll("policies") AutoscalePolicy p,
      @ForAll @Size(max = 60) List<@From("samples") Sample> metrics,
      @ForAll @IntRange(min = 0, max = 100) int startOffset) {
    int n = p.minInstances() + Math.min(startOffset, p.maxInstances() - p.minInstances());
    Instant now = T0;
    Instant lastChange = T0.minus(Duration.ofDays(1));
    int changes = 0;
    for (Sample s : metrics) {
      ScaleDecision d =
          ScaleDecider.decide(new ScaleInput(p, n, false, lastChange, null, s, null, now));
      if (d instanceof ScaleTo to) {
        assertThat(to.to()).isBetween(p.minInstances(), p.maxInstances()).isNotEqualTo(n);
        n = to.to();
        lastChange = now;
        changes++;
      }
      assertThat(n).isBetween(p.minInstances(), p.maxInstances());
      now = now.plus(CYCLE);
    }
    // the sequences must make the app move, or the bounds above were never put to the test
    Statistics.label("sequence").collect(changes == 0 ? "no change" : "changed");
    Statistics.label("sequence").coverage(cov -> cov.check("changed").percentage(pc -> pc > 30));
  }

  @Property
  void anyChangeLandsWithinMinAndMaxWhateverTheStart(
      @ForAll("policies") AutoscalePolicy p,
      @ForAll @IntRange(min = 1, max = 200) int instances,
      @ForAll("samples") Sample s) {
    ScaleDecision d =
        ScaleDecider.decide(new ScaleInput(p, instances, false, null, null, s, null, T0));
    Statistics.collect(d.getClass().getSimpleName());
    Statistics.coverage(
        cov -> {
          cov.check("ScaleTo").percentage(pc -> pc > 20);
          cov.check("Keep").percentage(pc -> pc > 5);
        });
    assertThat(d)
        .satisfiesAnyOf(
            x -> assertThat(x).isInstanceOf(Keep.class),
            x -> assertThat(((ScaleTo) x).to()).isBetween(p.minInstances(), p.maxInstances()));
  }

  @Property
  void aConstantMetricInsideTheBandNeverActs(
      @ForAll("policies") AutoscalePolicy p,
      @ForAll @DoubleRange(min = 0, max = 1) double where,
      @ForAll @IntRange(min = 0, max = 100) int offset,
      @ForAll @IntRange(min = 1, max = 50) int cycles) {
    double value = Math.min(p.up(), p.down() + where * (p.up() - p.down()));
    int n = p.minInstances() + Math.min(offset, p.maxInstances() - p.minInstances());
    Instant now = T0;
    for (int i = 0; i < cycles; i++) {
      ScaleDecision d =
          ScaleDecider.decide(
              new ScaleInput(p, n, false, null, null, new Sample.Value(value, now), null, now));
      assertThat(d).isInstanceOf(Keep.class);
      assertThat(((Keep) d).kind()).isEqualTo(Hold.IN_BAND);
      now = now.plus(CYCLE);
    }
  }

  @Property
  void nothingActsInsideACooldown(
      @ForAll("policies") AutoscalePolicy p,
      @ForAll @IntRange(min = 1, max = 200) int instances,
      @ForAll("samples") Sample s,
      @ForAll @IntRange(min = 0, max = 3600) int secondsSinceChange,
      @ForAll boolean changeWasADeploy) {
    Instant last = T0.minusSeconds(secondsSinceChange);
    ScaleInput in =
        changeWasADeploy
            ? new ScaleInput(p, instances, false, last.minusSeconds(9999), last, s, null, T0)
            : new ScaleInput(p, instances, false, last, last.minusSeconds(9999), s, null, T0);
    ScaleDecision d = ScaleDecider.decide(in);
    Statistics.collect(d instanceof Keep k ? k.kind().name() : "ScaleTo");
    Statistics.coverage(
        cov -> {
          cov.check("ScaleTo").percentage(pc -> pc > 5);
          cov.check(Hold.COOLDOWN.name()).percentage(pc -> pc > 5);
        });
    assertThat(d)
        .satisfiesAnyOf(
            x -> assertThat(x).isInstanceOf(Keep.class),
            x -> {
              ScaleTo to = (ScaleTo) x;
              Duration cooldown = to.up() ? p.scaleUpCooldown() : p.scaleDownCooldown();
              assertThat(Duration.ofSeconds(secondsSinceChange)).isGreaterThanOrEqualTo(cooldown);
            });
  }

  @Property
  void neverScalesInWithoutData(
      @ForAll("policies") AutoscalePolicy p, @ForAll @IntRange(min = 1, max = 200) int instances) {
    ScaleDecision d =
        ScaleDecider.decide(
            new ScaleInput(p, instances, false, null, null, new Sample.NoData("x"), null, T0));
    // without data, the only change is bringing an app below minInstances up to it
    Statistics.collect(d.getClass().getSimpleName());
    Statistics.coverage(
        cov -> {
          cov.check("ScaleTo").percentage(pc -> pc > 1);
          cov.check("Keep").percentage(pc -> pc > 50);
        });
    if (instances < p.minInstances()) {
      assertThat(d).isInstanceOf(ScaleTo.class);
      assertThat(((ScaleTo) d).to()).isEqualTo(p.minInstances());
    } else {
      assertThat(d).isInstanceOf(Keep.class);
    }
  }

  @Property
  void pausedOrDeployingNeverActs(
      @ForAll("policies") AutoscalePolicy p,
      @ForAll @IntRange(min = 1, max = 200) int instances,
      @ForAll("samples") Sample s,
      @ForAll boolean paused) {
    ScaleDecision d =
        ScaleDecider.decide(
            new ScaleInput(p, instances, !paused, null, null, s, paused ? "paused" : null, T0));
    assertThat(d).isInstanceOf(Keep.class);
  }
}

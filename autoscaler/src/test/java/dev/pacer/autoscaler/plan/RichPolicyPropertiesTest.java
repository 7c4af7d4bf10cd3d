package dev.pacer.autoscaler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.plan.ScaleDecision.ScaleTo;
import dev.pacer.autoscaler.plan.ScaleInput.Recommended;
import dev.pacer.autoscaler.policy.Aggregation;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import dev.pacer.autoscaler.policy.MetricRule;
import dev.pacer.autoscaler.policy.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The invariants of issue 20's policies (several metrics, targets, stabilization windows,
 * percentage steps), for any policy and any metrics, run cycle by cycle as the autoscaler runs
 * them: the history of recommendations kept, the changes applied.
 */
class RichPolicyPropertiesTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration CYCLE = Duration.ofSeconds(30);

  @Provide
  Arbitrary<AutoscalePolicy> policies() {
    Arbitrary<MetricRule> band =
        Combinators.combine(
                Arbitraries.doubles().between(-1, 100),
                Arbitraries.doubles().between(0.001, 100).ofScale(3))
            .as((lo, w) -> MetricRule.band("b", lo, lo + w));
    Arbitrary<MetricRule> aimed =
        Combinators.combine(
                Arbitraries.doubles().between(0.01, 100), Arbitraries.doubles().between(0, 0.5))
            .as((v, t) -> MetricRule.aimAt("t", v, t));
    Arbitrary<List<MetricRule>> metrics =
        Arbitraries.oneOf(band, aimed).list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Step> step =
        Arbitraries.oneOf(
                Arbitraries.integers().between(1, 10).map(Step::of),
                Arbitraries.integers().between(1, 200).map(Step::percent))
            .injectNull(0.4);
    Arbitrary<Duration> window =
        Arbitraries.of(0, 0, 30, 60, 300, 900).map(s -> Duration.ofSeconds(s));
    Arbitrary<Duration> cooldown = Arbitraries.of(0, 0, 60, 300, 900).map(Duration::ofSeconds);
    Arbitrary<int[]> bounds =
        Combinators.combine(
                Arbitraries.integers().between(1, 20), Arbitraries.integers().between(0, 30))
            .as((mn, span) -> new int[] {mn, mn + span});
    return Combinators.combine(bounds, cooldown, metrics, step, step, window, window)
        .as(
            (b, cd, m, su, sd, wu, wd) ->
                new AutoscalePolicy(
                    b[0],
                    b[1],
                    cd,
                    cd,
                    m,
                    su,
                    sd,
                    wu,
                    wd,
                    Duration.ofMinutes(2),
                    Aggregation.AVG,
                    false));
  }

  /** One cycle's samples for the policy: values, and now and then a metric missing. */
  static Arbitrary<List<Sample>> samples(AutoscalePolicy p, double missing) {
    Arbitrary<Sample> one =
        Arbitraries.doubles()
            .between(-5, 500)
            .map(v -> (Sample) new Sample.Value(v, T0))
            .injectNull(missing)
            .map(s -> s == null ? new Sample.NoData("none") : s);
    return one.list().ofSize(p.metrics().size());
  }

  @Provide
  Arbitrary<Run> runs() {
    return policies()
        .flatMap(
            p ->
                Combinators.combine(
                        Arbitraries.just(p),
                        samples(p, 0.15).list().ofMinSize(1).ofMaxSize(60),
                        Arbitraries.integers().between(0, 40))
                    .as(Run::new));
  }

  record Run(AutoscalePolicy policy, List<List<Sample>> cycles, int offset) {
    int start() {
      return policy.minInstances()
          + Math.min(offset, policy.maxInstances() - policy.minInstances());
    }
  }

  /** What the autoscaler does each cycle: decide on the kept history, keep the recommendation. */
  static final class App {
    final AutoscalePolicy p;
    int n;
    Instant now = T0;
    Instant lastChange = T0.minus(Duration.ofDays(1));
    final List<Recommended> history = new ArrayList<>();

    App(AutoscalePolicy p, int n) {
      this.p = p;
      this.n = n;
    }

    ScaleInput input(List<Sample> samples) {
      Instant from = now.minus(p.stabilization());
      history.removeIf(r -> !r.at().isAfter(from));
      return new ScaleInput(p, n, false, lastChange, null, samples, null, now, history);
    }

    ScaleDecision cycle(List<Sample> samples) {
      ScaleInput in = input(samples);
      ScaleDecision d = ScaleDecider.decide(in);
      OptionalInt rec = ScaleDecider.recommended(in);
      rec.ifPresent(r -> history.add(new Recommended(now, r)));
      if (d instanceof ScaleTo to) {
        n = to.to();
        lastChange = now;
      }
      now = now.plus(CYCLE);
      return d;
    }
  }

  @Property
  void instancesStayWithinTheBoundsAndAMissingMetricNeverScalesIn(@ForAll("runs") Run run) {
    App app = new App(run.policy(), run.start());
    int changes = 0;
    for (List<Sample> s : run.cycles()) {
      int before = app.n;
      ScaleDecision d = app.cycle(s);
      if (d instanceof ScaleTo to) {
        changes++;
        assertThat(to.to()).isBetween(run.policy().minInstances(), run.policy().maxInstances());
        if (s.stream().anyMatch(x -> x instanceof Sample.NoData)) {
          assertThat(to.to()).as("scaled in with a metric missing: %s", to).isGreaterThan(before);
        }
      }
      assertThat(app.n).isBetween(run.policy().minInstances(), run.policy().maxInstances());
    }
    Statistics.label("sequence").collect(changes == 0 ? "no change" : "changed");
    Statistics.label("sequence").coverage(cov -> cov.check("changed").percentage(pc -> pc > 30));
  }

  @Property
  void aConstantMetricNeverReversesTheDirection(
      @ForAll("policies") AutoscalePolicy p,
      @ForAll @IntRange(min = 0, max = 40) int offset,
      @ForAll @IntRange(min = 1, max = 80) int cycles,
      @ForAll("seeds") long seed) {
    List<Sample> constant = samples(p, 0).generator(1).next(new java.util.Random(seed)).value();
    App app = new App(p, p.minInstances() + Math.min(offset, p.maxInstances() - p.minInstances()));
    int direction = 0;
    int reversals = 0;
    int changes = 0;
    for (int i = 0; i < cycles; i++) {
      int before = app.n;
      if (app.cycle(constant) instanceof ScaleTo to) {
        changes++;
        int d = Integer.signum(to.to() - before);
        if (direction != 0 && d != direction) {
          reversals++;
        }
        direction = d;
      }
    }
    Statistics.label("moved").collect(changes > 0);
    assertThat(reversals).as("an oscillation on a constant metric").isZero();
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Property
  void stabilizationNeverScalesDownPastTheWindowsHighestRecommendation(@ForAll("runs") Run run) {
    App app = new App(run.policy(), run.start());
    int downs = 0;
    for (List<Sample> s : run.cycles()) {
      ScaleInput in = app.input(s);
      int highest = ScaleDecider.recommended(in).orElse(Integer.MIN_VALUE);
      Instant from = app.now.minus(run.policy().scaleDownStabilization());
      for (Recommended r : in.history()) {
        if (r.at().isAfter(from)) {
          highest = Math.max(highest, r.instances());
        }
      }
      int before = app.n;
      if (app.cycle(s) instanceof ScaleTo to && to.to() < before) {
        downs++;
        assertThat(to.to()).isGreaterThanOrEqualTo(highest);
      }
    }
    Statistics.label("scaled down").collect(downs > 0);
    Statistics.label("scaled down").coverage(cov -> cov.check(true).percentage(pc -> pc > 20));
  }
}

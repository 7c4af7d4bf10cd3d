package dev.pacer.autoscaler.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pacer.autoscaler.backtest.Replay.Action;
import dev.pacer.autoscaler.backtest.Replay.Range;
import dev.pacer.autoscaler.backtest.Replay.Run;
import dev.pacer.autoscaler.metrics.Series;
import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay against a hand computation (issue 20's first acceptance point, without Graphite). */
class ReplayTest {
  static final String SEED =
      "{ minInstances = 3, maxInstances = 9, cooldown = 900, graphite = { target ="
          + " \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 } }";
  static final String TARGET = "mesos.marathon.shop.web.cpu_util";
  static final long T0 = 1_790_000_000L / 3600 * 3600;
  static final Range THREE_HOURS =
      new Range(
          Instant.ofEpochSecond(T0),
          Instant.ofEpochSecond(T0 + 10_800),
          Duration.ofSeconds(30),
          Duration.ofMinutes(2));

  /**
   * One point a minute over 3 h: 0.45 for an hour, 1.0 for an hour, 0.45 again; {@code NaN} in
   * {@code [gapFrom, gapUntil)} (seconds after T0).
   */
  static Series steps(long gapFrom, long gapUntil) {
    int n = 180;
    double[] v = new double[n];
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long s = i * 60L;
      t[i] = T0 + s;
      v[i] = s >= gapFrom && s < gapUntil ? Double.NaN : s >= 3600 && s < 7200 ? 1.0 : 0.45;
    }
    return new Series(TARGET, v, t);
  }

  static History history(Series metric) {
    return new History(Map.of(TARGET, metric), null, "mesos.marathon.shop.web.instances", 3);
  }

  static Action action(long at, int from, int to) {
    return new Action(Instant.ofEpochSecond(T0 + at), from, to, "", false);
  }

  /**
   * By hand, the seed's label (window 2m, average; cooldown 900 s) with the load on 3 instances (no
   * instance series), a cycle every 30 s, the window holding the points of [t − 120, t]:
   *
   * <ul>
   *   <li>t = 3600: (1.35 + 1.35 + 3.0) / 3 / 3 = 0.633, inside. t = 3630: (1.35 + 3.0) / 2 / 3 =
   *       0.725 > 0.7: ceil(3 × 0.725 / 0.55) = 4.
   *   <li>At 4: t = 3660 (1.35 + 3 + 3) / 3 / 4 = 0.6125, inside; t = 3690: 3 / 4 = 0.75, up to
   *       ceil(4 × 0.75 / 0.55) = 6, held by the cooldown until 3630 + 900 = 4530.
   *   <li>At 6: 0.5, inside. t = 7200: (3 + 3 + 1.35) / 3 / 6 = 0.408, inside; t = 7230: (3 + 1.35)
   *       / 2 / 6 = 0.3625 < 0.4: ceil(6 × 0.3625 / 0.55) = 4.
   *   <li>At 4: t = 7260: (3 + 1.35 + 1.35) / 3 / 4 = 0.475, inside; t = 7290: 1.35 / 4 = 0.3375,
   *       down to ceil(4 × 0.3375 / 0.55) = 3, held until 7230 + 900 = 8130.
   * </ul>
   *
   * Four actions, no flap (the reversal at 7230 comes 2700 s after 4530, the flap window being 900
   * s). Instance-seconds: 3 × 3630 + 4 × 900 + 6 × 2700 + 4 × 900 + 3 × 2670 = 42,300, so 11.75
   * instance-hours. Above the band: t = 3630 and t = 3690…4530 (29 cycles), 30 cycles = 15 min;
   * below it likewise t = 7230 and 7290…8130, 15 min.
   */
  @Test
  void theSeedsLabelOverAKnownHistoryGivesTheHandComputation() {
    AutoscalePolicy seed = AutoscaleLabel.parse("/shop/web", SEED);
    Run run =
        Replay.run("label", seed, history(steps(-1, -1)), THREE_HOURS, Duration.ofMinutes(15));
    assertThat(run.actions())
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("reason")
        .containsExactly(
            action(3630, 3, 4), action(4530, 4, 6), action(7230, 6, 4), action(8130, 4, 3));
    assertThat(run.actions().get(0).reason()).isEqualTo("0.725 is above up 0.7");
    Summary s = run.summary();
    assertThat(s.actions()).isEqualTo(4);
    assertThat(s.flaps()).isZero();
    assertThat(s.instanceHours()).isCloseTo(11.75, within(1e-9));
    assertThat(s.aboveBand()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.belowBand()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.held()).isZero();
    assertThat(s.peak()).isEqualTo(6);
    assertThat(run.times()).hasSize(360);
    assertThat(run.values()[0][121]).isCloseTo(0.725, within(1e-9));
    assertThat(run.instances()[121]).isEqualTo(4);
  }

  /**
   * Nulls from 5400 to 6000 while the app is at 6: windows with no point (t = 5490…5970, 17 cycles:
   * the point at 5340 is in the window until t = 5460) hold, never scale in, and count as held
   * time.
   */
  @Test
  void aGapOfNullsHoldsAndItsTimeIsCounted() {
    AutoscalePolicy seed = AutoscaleLabel.parse("/shop/web", SEED);
    Run run =
        Replay.run("label", seed, history(steps(5400, 6000)), THREE_HOURS, Duration.ofMinutes(15));
    assertThat(run.summary().held()).isEqualTo(Duration.ofSeconds(17 * 30));
    assertThat(run.actions())
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("reason")
        .containsExactly(
            action(3630, 3, 4), action(4530, 4, 6), action(7230, 6, 4), action(8130, 4, 3));
    for (int k = 0; k < run.times().length; k++) {
      if (run.times()[k] >= T0 + 5400 && run.times()[k] < T0 + 6000) {
        assertThat(run.instances()[k]).isEqualTo(6);
      }
    }
    assertThat(Double.isNaN(run.values()[0][(5490 / 30)])).isTrue();
    assertThat(run.summary().instanceHours()).isCloseTo(11.75, within(1e-9));
  }

  @Test
  void aNarrowBandWithoutCooldownFlapsWhereTheSeedsDoesNot() {
    // the load on 3: 1.56 (0.52 a piece); a narrow band [0.5, 0.53] aims at 0.515: 3 × 0.52 is
    // inside, but every other point 0.6 pushes it to 4, where 1.56 / 4 = 0.39 brings it back
    double[] v = new double[180];
    long[] t = new long[180];
    for (int i = 0; i < v.length; i++) {
      t[i] = T0 + i * 60L;
      v[i] = i % 10 < 5 ? 0.52 : 0.6;
    }
    History h = history(new Series(TARGET, v, t));
    AutoscalePolicy narrow =
        AutoscaleLabel.parse(
            "/shop/web",
            "{ minInstances = 3, maxInstances = 9, cooldown = 0, window = 1m, graphite = {"
                + " target = \"mesos.marathon.${id}.cpu_util\", down = 0.5, up = 0.53 } }");
    Run flappy = Replay.run("narrow", narrow, h, THREE_HOURS, Duration.ofMinutes(15));
    Run seed =
        Replay.run(
            "seed",
            AutoscaleLabel.parse("/shop/web", SEED),
            h,
            THREE_HOURS,
            Duration.ofMinutes(15));
    assertThat(seed.summary().actions()).isZero();
    assertThat(flappy.summary().flaps()).isGreaterThan(10);
    assertThat(flappy.summary().flaps()).isEqualTo(flappy.summary().actions() - 1);
  }

  @Test
  void theActualRowReadsTheInstanceSeriesAndTheLoadSpreadsOverTheSimulatedInstances() {
    double[] inst = new double[180];
    long[] t = new long[180];
    for (int i = 0; i < inst.length; i++) {
      t[i] = T0 + i * 60L;
      inst[i] = i < 90 ? 6 : i < 95 ? Double.NaN : 4; // a gap carries the last count on
    }
    Series metric = steps(-1, -1);
    History h =
        new History(
            Map.of(TARGET, metric),
            new Series("i", inst, t),
            "mesos.marathon.shop.web.instances",
            3);
    assertThat(h.instancesAt(T0 + 92 * 60)).isEqualTo(6);
    assertThat(h.instancesAt(T0 - 600)).isEqualTo(6);
    AutoscalePolicy seed = AutoscaleLabel.parse("/shop/web", SEED);
    Run actual = Replay.actual(seed, h, THREE_HOURS, Duration.ofMinutes(15)).orElseThrow();
    assertThat(actual.summary().actions()).isEqualTo(1);
    // 6 for 95 min (until the count 4 at minute 95), then 4 for 85 min
    assertThat(actual.summary().instanceHours()).isCloseTo((6 * 95 + 4 * 85) / 60.0, within(1e-9));
    assertThat(actual.summary().peak()).isEqualTo(6);
    // the raw metric against the band: above from t = 3630 ((0.45 + 1) / 2 = 0.725) to t = 7230
    // ((1 + 0.45) / 2), 121 cycles
    assertThat(actual.summary().aboveBand()).isEqualTo(Duration.ofSeconds(121 * 30));
    // the simulation starts at the actual 6, and reads 0.45 × 6 / 6 at first
    Run run = Replay.run("label", seed, h, THREE_HOURS, Duration.ofMinutes(15));
    assertThat(run.values()[0][10]).isCloseTo(0.45, within(1e-9));
    assertThat(run.instances()[0]).isEqualTo(6);
    assertThat(Replay.actual(seed, history(metric), THREE_HOURS, Duration.ZERO)).isEmpty();
  }
}

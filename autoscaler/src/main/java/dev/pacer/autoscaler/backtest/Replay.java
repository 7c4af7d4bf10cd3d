package dev.pacer.autoscaler.backtest;

import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.metrics.SampleReducer;
import dev.pacer.autoscaler.metrics.Series;
import dev.pacer.autoscaler.plan.Hold;
import dev.pacer.autoscaler.plan.ScaleDecider;
import dev.pacer.autoscaler.plan.ScaleDecision;
import dev.pacer.autoscaler.plan.ScaleDecision.Keep;
import dev.pacer.autoscaler.plan.ScaleDecision.ScaleTo;
import dev.pacer.autoscaler.plan.ScaleInput;
import dev.pacer.autoscaler.plan.ScaleInput.Recommended;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import dev.pacer.autoscaler.policy.MetricRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays one policy over an app's history, one cycle every {@code step} from {@code from} to
 * {@code until}, through the autoscaler's own {@link ScaleDecider}: the same windows and
 * aggregation ({@link SampleReducer}), cooldowns, stabilization windows, steps and bounds.
 *
 * <p>The instances are simulated. The metric is adjusted to them on the assumption the step rule
 * makes (the load spreads over the instances): each point becomes {@code value × actual /
 * simulated}, {@code actual} being the app's instance count when the point was written ({@link
 * History#instancesAt}). No pause and no deployment is replayed. Pure.
 */
public final class Replay {
  private Replay() {}

  /** What the replay covers: cycles every {@code step} in {@code [from, until)}. */
  public record Range(Instant from, Instant until, Duration step, Duration staleAfter) {
    public Range {
      if (!until.isAfter(from)) {
        throw new IllegalArgumentException(
            "until (" + until + ") must be after from (" + from + ")");
      }
      if (step.toSeconds() < 1) {
        throw new IllegalArgumentException("step must be at least 1s, got " + step);
      }
    }

    public int cycles() {
      long span = until.getEpochSecond() - from.getEpochSecond();
      return (int) ((span + step.toSeconds() - 1) / step.toSeconds());
    }

    long at(int cycle) {
      return from.getEpochSecond() + cycle * step.toSeconds();
    }

    /** The seconds cycle {@code k} stands for: a step, the last one cut at {@code until}. */
    long seconds(int cycle) {
      return Math.min(step.toSeconds(), until.getEpochSecond() - at(cycle));
    }
  }

  /** One scale action; {@code flap} when it reverses the one before within the flap window. */
  public record Action(Instant at, int from, int to, String reason, boolean flap) {}

  /**
   * A replay: its summary and actions, and per cycle (at {@code times}, epoch seconds) the value
   * each metric read ({@code NaN} for none) and the instances after the decision.
   */
  public record Run(
      String name,
      AutoscalePolicy policy,
      Summary summary,
      List<Action> actions,
      long[] times,
      double[][] values,
      int[] instances) {}

  /**
   * The policy's replay. A reversal within {@code flapWindow}, or within the policy's longer
   * cooldown when that is longer, is a flap.
   */
  public static Run run(
      String name, AutoscalePolicy p, History h, Range range, Duration flapWindow) {
    int m = p.metrics().size();
    Series[] load = new Series[m];
    for (int j = 0; j < m; j++) {
      load[j] = load(h.metrics().get(p.metrics().get(j).target()), h);
    }
    Windows windows = new Windows(load, p.window());
    int cycles = range.cycles();
    long[] times = new long[cycles];
    double[][] values = new double[m][cycles];
    int[] instances = new int[cycles];
    Tally tally = new Tally(flap(p, flapWindow));
    List<Action> actions = new ArrayList<>();
    ArrayDeque<Recommended> history = new ArrayDeque<>();
    int n = h.instancesAt(range.from().getEpochSecond());
    Instant lastChange = null;
    for (int k = 0; k < cycles; k++) {
      long t = range.at(k);
      Instant now = Instant.ofEpochSecond(t);
      List<Sample> samples = windows.samples(t, p, range.staleAfter(), n);
      Instant keepFrom = now.minus(p.stabilization());
      while (!history.isEmpty() && !history.peekFirst().at().isAfter(keepFrom)) {
        history.pollFirst();
      }
      ScaleInput in =
          new ScaleInput(p, n, false, lastChange, null, samples, null, now, List.copyOf(history));
      ScaleDecision d = ScaleDecider.decide(in);
      ScaleDecider.recommended(in).ifPresent(r -> history.addLast(new Recommended(now, r)));
      long seconds = range.seconds(k);
      tally.band(p.metrics(), samples, seconds);
      if (d instanceof Keep keep && keep.kind() == Hold.NO_DATA) {
        tally.held += seconds;
      }
      if (d instanceof ScaleTo to) {
        actions.add(new Action(now, n, to.to(), to.reason(), tally.change(t, n, to.to())));
        n = to.to();
        lastChange = now;
      }
      times[k] = t;
      for (int j = 0; j < m; j++) {
        values[j][k] = samples.get(j) instanceof Sample.Value v ? v.value() : Double.NaN;
      }
      instances[k] = n;
      tally.instances(n, seconds);
    }
    return new Run(name, p, tally.summary(), List.copyOf(actions), times, values, instances);
  }

  /**
   * What actually happened, read from the instance series, and the metric as it was against the
   * policy's band; empty when Graphite has no instance series.
   */
  public static java.util.Optional<Run> actual(
      AutoscalePolicy p, History h, Range range, Duration flapWindow) {
    if (!h.knowsInstances()) {
      return java.util.Optional.empty();
    }
    int m = p.metrics().size();
    Series[] raw = new Series[m];
    for (int j = 0; j < m; j++) {
      raw[j] = orEmpty(h.metrics().get(p.metrics().get(j).target()));
    }
    Windows windows = new Windows(raw, p.window());
    int cycles = range.cycles();
    long[] times = new long[cycles];
    double[][] values = new double[m][cycles];
    int[] instances = new int[cycles];
    Tally tally = new Tally(flap(p, flapWindow));
    List<Action> actions = new ArrayList<>();
    int before = -1;
    for (int k = 0; k < cycles; k++) {
      long t = range.at(k);
      List<Sample> samples = windows.samples(t, p, range.staleAfter(), 1);
      int n = h.instancesAt(t);
      long seconds = range.seconds(k);
      tally.band(p.metrics(), samples, seconds);
      if (samples.stream().allMatch(s -> s instanceof Sample.NoData)) {
        tally.held += seconds;
      }
      if (before >= 0 && n != before) {
        actions.add(
            new Action(Instant.ofEpochSecond(t), before, n, "actual", tally.change(t, before, n)));
      }
      before = n;
      times[k] = t;
      for (int j = 0; j < m; j++) {
        values[j][k] = samples.get(j) instanceof Sample.Value v ? v.value() : Double.NaN;
      }
      instances[k] = n;
      tally.instances(n, seconds);
    }
    return java.util.Optional.of(
        new Run("actual", p, tally.summary(), List.copyOf(actions), times, values, instances));
  }

  /** The flap window of a policy: the given one, or its longer cooldown when that is longer. */
  static Duration flap(AutoscalePolicy p, Duration flapWindow) {
    Duration d = flapWindow;
    for (Duration c : new Duration[] {p.scaleUpCooldown(), p.scaleDownCooldown()}) {
      if (c.compareTo(d) > 0) {
        d = c;
      }
    }
    return d;
  }

  /** The load: each point × the actual instances at its time. */
  private static Series load(Series s, History h) {
    Series series = orEmpty(s);
    if (!h.knowsInstances()) {
      double[] v = series.values().clone();
      int a = h.assumedInstances();
      for (int i = 0; i < v.length; i++) {
        v[i] *= a;
      }
      return new Series(series.target(), v, series.times());
    }
    double[] v = new double[series.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = series.values()[i] * h.instancesAt(series.times()[i]);
    }
    return new Series(series.target(), v, series.times());
  }

  private static Series orEmpty(Series s) {
    return s == null ? new Series("", new double[0], new long[0]) : s;
  }

  /** Each metric's window, slid forward cycle by cycle (two indexes per metric). */
  private static final class Windows {
    private final Series[] series;
    private final long window;
    private final int[] lo;
    private final int[] hi;

    Windows(Series[] series, Duration window) {
      this.series = series;
      this.window = window.toSeconds();
      this.lo = new int[series.length];
      this.hi = new int[series.length];
    }

    /** The samples at {@code t}, the reduced load divided by {@code n}. */
    List<Sample> samples(long t, AutoscalePolicy p, Duration staleAfter, int n) {
      List<Sample> out = new ArrayList<>(series.length);
      Instant now = Instant.ofEpochSecond(t);
      for (int j = 0; j < series.length; j++) {
        long[] times = series[j].times();
        while (hi[j] < times.length && times[hi[j]] <= t) {
          hi[j]++;
        }
        while (lo[j] < hi[j] && times[lo[j]] < t - window) {
          lo[j]++;
        }
        Sample s =
            hi[j] > lo[j]
                ? SampleReducer.reduce(
                    series[j], lo[j], hi[j], p.window(), p.aggregation(), staleAfter, now)
                : new Sample.NoData("no points in the last " + SampleReducer.human(p.window()));
        if (n <= 0) {
          s = new Sample.NoData("suspended (0 instances)");
        }
        out.add(s instanceof Sample.Value v ? new Sample.Value(v.value() / n, v.newest()) : s);
      }
      return out;
    }
  }

  /** The sums of a run. */
  private static final class Tally {
    private final long flapSeconds;
    long above;
    long below;
    long held;
    double instanceSeconds;
    int peak;
    int actions;
    int flaps;
    long lastActionAt = Long.MIN_VALUE;
    int lastDirection;

    Tally(Duration flap) {
      this.flapSeconds = flap.toSeconds();
    }

    void band(List<MetricRule> rules, List<Sample> samples, long seconds) {
      boolean anyAbove = false;
      boolean allBelow = true;
      for (int j = 0; j < rules.size(); j++) {
        if (samples.get(j) instanceof Sample.Value v) {
          anyAbove |= rules.get(j).above(v.value());
          allBelow &= rules.get(j).below(v.value());
        } else {
          allBelow = false;
        }
      }
      above += anyAbove ? seconds : 0;
      below += allBelow ? seconds : 0;
    }

    /** Counts a change; true when it is a flap. */
    boolean change(long t, int from, int to) {
      int direction = Integer.signum(to - from);
      boolean flap =
          lastDirection != 0 && direction != lastDirection && t - lastActionAt <= flapSeconds;
      actions++;
      flaps += flap ? 1 : 0;
      lastDirection = direction;
      lastActionAt = t;
      return flap;
    }

    void instances(int n, long seconds) {
      instanceSeconds += (double) n * seconds;
      peak = Math.max(peak, n);
    }

    Summary summary() {
      return new Summary(
          actions,
          flaps,
          Duration.ofSeconds(above),
          Duration.ofSeconds(below),
          Duration.ofSeconds(held),
          instanceSeconds / 3600,
          peak);
    }
  }
}

package dev.pacer.autoscaler.metrics;

import dev.pacer.autoscaler.policy.Aggregation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns the series Graphite returned for one app into its {@link Sample}: the window's non-null
 * points reduced by the policy's aggregation, or why there is no value (no series, several series,
 * only nulls, stale). Pure.
 */
public final class SampleReducer {
  private SampleReducer() {}

  public static Sample reduce(
      List<Series> series,
      Duration window,
      Aggregation aggregation,
      Duration staleAfter,
      Instant now) {
    if (series.isEmpty()) {
      return new Sample.NoData("no such metric: Graphite has no series for the target");
    }
    if (series.size() > 1) {
      return new Sample.NoData(
          "the target matched "
              + series.size()
              + " series; wrap it in averageSeries(), maxSeries() or sumSeries()");
    }
    Series s = series.get(0);
    if (s.size() == 0) {
      return new Sample.NoData("Graphite returned no points");
    }
    return reduce(s, 0, s.size(), window, aggregation, staleAfter, now);
  }

  /**
   * The points {@code [lo, hi)} of {@code s} that lie in the window ending at {@code now}, reduced
   * as {@link #reduce(List, Duration, Aggregation, Duration, Instant)} does; a backtest gives each
   * cycle its window's range of the whole history.
   */
  public static Sample reduce(
      Series s,
      int lo,
      int hi,
      Duration window,
      Aggregation aggregation,
      Duration staleAfter,
      Instant now) {
    long from = now.minus(window).getEpochSecond();
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    double last = Double.NaN;
    long newest = Long.MIN_VALUE;
    int n = 0;
    for (int i = lo; i < hi; i++) {
      double v = s.values()[i];
      long t = s.times()[i];
      if (Double.isNaN(v) || t < from) {
        continue;
      }
      n++;
      sum += v;
      max = Math.max(max, v);
      if (t >= newest) {
        newest = t;
        last = v;
      }
    }
    if (n == 0) {
      return new Sample.NoData("only null points in the last " + human(window));
    }
    Instant newestAt = Instant.ofEpochSecond(newest);
    Duration age = Duration.between(newestAt, now);
    if (age.compareTo(staleAfter) > 0) {
      return new Sample.NoData(
          "stale: the newest point is "
              + human(age)
              + " old (stale after "
              + human(staleAfter)
              + ")");
    }
    double value =
        switch (aggregation) {
          case AVG -> sum / n;
          case MAX -> max;
          case LAST -> last;
        };
    return new Sample.Value(value, newestAt);
  }

  public static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0 && s >= 3600) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s >= 60) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}

package dev.pacer.autoscaler.backtest;

import dev.pacer.autoscaler.metrics.Series;
import java.util.Arrays;
import java.util.Map;

/**
 * An app's history as Graphite gave it: each metric's series by target, and the app's actual
 * instance count ({@code instances}, null when Graphite has none) read from {@code
 * instancesTarget}. Without it the load is assumed to have run on {@code assumedInstances} (the
 * label's {@code minInstances}).
 */
public record History(
    Map<String, Series> metrics, Series instances, String instancesTarget, int assumedInstances) {

  public History {
    metrics = Map.copyOf(metrics);
    if (instances != null && Arrays.stream(instances.values()).allMatch(Double::isNaN)) {
      instances = null; // a series of nulls says nothing
    }
  }

  /** Whether the actual instance count is known. */
  public boolean knowsInstances() {
    return instances != null;
  }

  /** The report's sentence on where the instance counts come from. */
  public String instanceSource() {
    if (instances == null) {
      return "Graphite has no instance series ("
          + instancesTarget
          + "): the load is assumed to have run on "
          + assumedInstances
          + " instances (minInstances), and no actual row is shown";
    }
    long points = Arrays.stream(instances.values()).filter(v -> !Double.isNaN(v)).count();
    return "the app's actual instance count from Graphite ("
        + instancesTarget
        + ", "
        + points
        + " points): the load is the metric × the actual instances, spread over the simulated ones";
  }

  /**
   * The actual instances at {@code epochSecond}: the newest point at or before it, or the first
   * point for a time before any; {@code assumedInstances} without a series.
   */
  public int instancesAt(long epochSecond) {
    if (instances == null) {
      return assumedInstances;
    }
    long[] t = instances.times();
    double[] v = instances.values();
    int i = Arrays.binarySearch(t, epochSecond);
    int at = i >= 0 ? i : -i - 2; // the point at or before
    for (int k = at; k >= 0; k--) {
      if (!Double.isNaN(v[k])) {
        return (int) Math.round(v[k]);
      }
    }
    for (int k = Math.max(0, at + 1); k < v.length; k++) {
      if (!Double.isNaN(v[k])) {
        return (int) Math.round(v[k]);
      }
    }
    return assumedInstances;
  }
}

package dev.pacer.autoscaler.policy;

/**
 * One metric of an {@code autoscale} policy: its Graphite {@code target} (with {@code ${id}}
 * replaced) and what it asks of the app's instances.
 *
 * <ul>
 *   <li>A <b>band</b> ({@code down}, {@code up}): above {@code up} it asks for more instances, at
 *       least one more; below {@code down} for fewer, at least one fewer; each time aiming the
 *       metric at the middle of the band ({@code aim}).
 *   <li>A <b>target</b> ({@code value}, {@code tolerance}; Kubernetes HPA's rule): it asks for
 *       {@code ceil(instances × metric / value)}, unless the metric is within {@code tolerance} of
 *       {@code value}. Its band is {@code [value × (1 − tolerance), value × (1 + tolerance)]}, so
 *       the edges read the same in events, charts and reports.
 * </ul>
 */
public record MetricRule(
    String target, boolean aimed, double down, double up, double aim, double tolerance) {

  /** The default {@code tolerance} of a target, as HPA's. */
  public static final double DEFAULT_TOLERANCE = 0.1;

  public static MetricRule band(String target, double down, double up) {
    return new MetricRule(target, false, down, up, (down + up) / 2, 0);
  }

  public static MetricRule aimAt(String target, double value, double tolerance) {
    return new MetricRule(
        target, true, value * (1 - tolerance), value * (1 + tolerance), value, tolerance);
  }

  /** Whether {@code value} asks for more instances. */
  public boolean above(double value) {
    return value > up;
  }

  /** Whether {@code value} asks for fewer instances. */
  public boolean below(double value) {
    return value < down;
  }

  /**
   * The instances this metric asks for, at {@code n} instances reading {@code value}; not yet
   * bounded by the policy's min, max or steps, but never above {@code cap} (a huge value must not
   * overflow).
   */
  public int recommend(int n, double value, int cap) {
    if (aimed) {
      if (!above(value) && !below(value)) {
        return n;
      }
      return (int) Math.min(cap, Math.ceil(n * Math.max(0, value) / aim));
    }
    if (above(value)) {
      double aimedAt = aim > 0 ? Math.ceil(n * value / aim) : n + 1;
      return (int) Math.min(cap, Math.max(aimedAt, n + 1));
    }
    if (below(value)) {
      double aimedAt = aim > 0 ? Math.ceil(n * Math.max(0, value) / aim) : n - 1;
      return (int) Math.max(0, Math.min(aimedAt, n - 1));
    }
    return n;
  }
}

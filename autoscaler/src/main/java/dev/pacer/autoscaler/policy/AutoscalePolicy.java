package dev.pacer.autoscaler.policy;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * One app's {@code autoscale} label, parsed and checked: {@code min <= max}, each band's {@code
 * down < up}, cooldowns and windows not negative, at least one metric. The metrics' targets have
 * {@code ${id}} already replaced. {@code maxStepUp} and {@code maxStepDown} are null when unset.
 * {@code scaleUpStabilization} and {@code scaleDownStabilization} are HPA's windows: 0 (the
 * default) acts on each cycle's recommendation alone.
 */
public record AutoscalePolicy(
    int minInstances,
    int maxInstances,
    Duration scaleUpCooldown,
    Duration scaleDownCooldown,
    List<MetricRule> metrics,
    Step maxStepUp,
    Step maxStepDown,
    Duration scaleUpStabilization,
    Duration scaleDownStabilization,
    Duration window,
    Aggregation aggregation,
    boolean dryRun) {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);

  public AutoscalePolicy {
    metrics = List.copyOf(metrics);
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("a policy needs at least one metric");
    }
  }

  /** The seed's shape: one band, steps by count, no stabilization. */
  public AutoscalePolicy(
      int minInstances,
      int maxInstances,
      Duration scaleUpCooldown,
      Duration scaleDownCooldown,
      String target,
      double down,
      double up,
      OptionalInt maxStepUp,
      OptionalInt maxStepDown,
      Duration window,
      Aggregation aggregation,
      boolean dryRun) {
    this(
        minInstances,
        maxInstances,
        scaleUpCooldown,
        scaleDownCooldown,
        List.of(MetricRule.band(target, down, up)),
        maxStepUp.isPresent() ? Step.of(maxStepUp.getAsInt()) : null,
        maxStepDown.isPresent() ? Step.of(maxStepDown.getAsInt()) : null,
        Duration.ZERO,
        Duration.ZERO,
        window,
        aggregation,
        dryRun);
  }

  /** The first metric's target: the only one of the seed's label. */
  public String target() {
    return metrics.get(0).target();
  }

  /** The first metric's lower edge. */
  public double down() {
    return metrics.get(0).down();
  }

  /** The first metric's upper edge. */
  public double up() {
    return metrics.get(0).up();
  }

  /** The longer of the two stabilization windows: how long recommendations are kept. */
  public Duration stabilization() {
    return scaleUpStabilization.compareTo(scaleDownStabilization) >= 0
        ? scaleUpStabilization
        : scaleDownStabilization;
  }

  public int clamp(int instances) {
    return Math.max(minInstances, Math.min(maxInstances, instances));
  }

  /** The same policy with other metrics (a backtest's or a test's variant). */
  public AutoscalePolicy withMetrics(List<MetricRule> other) {
    return new AutoscalePolicy(
        minInstances,
        maxInstances,
        scaleUpCooldown,
        scaleDownCooldown,
        other,
        maxStepUp,
        maxStepDown,
        scaleUpStabilization,
        scaleDownStabilization,
        window,
        aggregation,
        dryRun);
  }
}

package dev.pacer.autoscaler.policy;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * One app's {@code autoscale} label, parsed and checked: {@code min <= max}, {@code down < up},
 * cooldowns not negative, a target. {@code target} has {@code ${id}} already replaced.
 */
public record AutoscalePolicy(
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

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);

  /** The middle of the band: a proportional step aims the metric here. */
  public double midpoint() {
    return (down + up) / 2;
  }

  public int clamp(int instances) {
    return Math.max(minInstances, Math.min(maxInstances, instances));
  }
}

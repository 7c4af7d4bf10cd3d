package dev.pacer.autoscaler.plan;

import dev.pacer.autoscaler.policy.Aggregation;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.time.Duration;
import java.util.OptionalInt;

/** Policies for decision tests. */
final class Policies {
  private Policies() {}

  /** The seed's: 3..9, 900 s, band [0.4, 0.7]. */
  static AutoscalePolicy seed() {
    return of(3, 9, Duration.ofSeconds(900), Duration.ofSeconds(900), 0.4, 0.7);
  }

  static AutoscalePolicy of(
      int min, int max, Duration upCooldown, Duration downCooldown, double down, double up) {
    return new AutoscalePolicy(
        min,
        max,
        upCooldown,
        downCooldown,
        "t",
        down,
        up,
        OptionalInt.empty(),
        OptionalInt.empty(),
        Duration.ofMinutes(2),
        Aggregation.AVG,
        false);
  }
}

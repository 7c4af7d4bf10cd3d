package dev.pacer.autoscaler.plan;

import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.time.Instant;

/**
 * Everything one decision needs. {@code lastScalingAt} and {@code lastConfigChangeAt} are
 * Marathon's {@code versionInfo}: cooldowns count from the later of the two, so they survive a
 * restart of Pacer and a deploy starts a cooldown too. {@code pausedBecause} is null when not
 * paused.
 */
public record ScaleInput(
    AutoscalePolicy policy,
    int instances,
    boolean deploying,
    Instant lastScalingAt,
    Instant lastConfigChangeAt,
    Sample sample,
    String pausedBecause,
    Instant now) {

  /** When the app last changed, or null when Marathon did not say. */
  public Instant lastChange() {
    return lastChange(lastScalingAt, lastConfigChangeAt);
  }

  /** The later of Marathon's two change times; null when it said neither. */
  public static Instant lastChange(Instant lastScalingAt, Instant lastConfigChangeAt) {
    if (lastScalingAt == null) {
      return lastConfigChangeAt;
    }
    if (lastConfigChangeAt == null) {
      return lastScalingAt;
    }
    return lastScalingAt.isAfter(lastConfigChangeAt) ? lastScalingAt : lastConfigChangeAt;
  }
}

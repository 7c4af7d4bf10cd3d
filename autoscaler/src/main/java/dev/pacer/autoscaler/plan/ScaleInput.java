package dev.pacer.autoscaler.plan;

import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.time.Instant;
import java.util.List;

/**
 * Everything one decision needs. {@code lastScalingAt} and {@code lastConfigChangeAt} are
 * Marathon's {@code versionInfo}: cooldowns count from the later of the two, so they survive a
 * restart of Pacer and a deploy starts a cooldown too. {@code samples} has one sample per metric of
 * the policy, in its order. {@code pausedBecause} is null when not paused. {@code history} holds
 * the recommendations of the earlier cycles ({@link ScaleDecider#recommended}), oldest first, for
 * the stabilization windows; those outside the windows are ignored.
 */
public record ScaleInput(
    AutoscalePolicy policy,
    int instances,
    boolean deploying,
    Instant lastScalingAt,
    Instant lastConfigChangeAt,
    List<Sample> samples,
    String pausedBecause,
    Instant now,
    List<Recommended> history) {

  /** One cycle's recommendation, kept for the stabilization windows. */
  public record Recommended(Instant at, int instances) {}

  public ScaleInput {
    samples = List.copyOf(samples);
    history = List.copyOf(history);
    if (samples.size() != policy.metrics().size()) {
      throw new IllegalArgumentException(
          samples.size() + " samples for " + policy.metrics().size() + " metrics");
    }
  }

  /** One metric, no history: the seed's policy. */
  public ScaleInput(
      AutoscalePolicy policy,
      int instances,
      boolean deploying,
      Instant lastScalingAt,
      Instant lastConfigChangeAt,
      Sample sample,
      String pausedBecause,
      Instant now) {
    this(
        policy,
        instances,
        deploying,
        lastScalingAt,
        lastConfigChangeAt,
        java.util.Collections.nCopies(policy.metrics().size(), sample),
        pausedBecause,
        now,
        List.of());
  }

  /** The first metric's sample. */
  public Sample sample() {
    return samples.get(0);
  }

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

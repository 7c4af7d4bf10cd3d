package dev.pacer.autoscaler.metrics;

import dev.pacer.autoscaler.policy.Aggregation;
import java.time.Duration;

/**
 * One metric to read this cycle. {@code key} names its sample in the answer: the app id for an
 * app's only metric, {@link #key(String, int)} for one of several.
 */
public record MetricQuery(String key, String target, Duration window, Aggregation aggregation) {

  /** The key of metric {@code index} of app {@code appId}'s policy. */
  public static String key(String appId, int index) {
    return index == 0 ? appId : appId + "#" + index;
  }
}

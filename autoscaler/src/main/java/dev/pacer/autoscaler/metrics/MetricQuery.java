package dev.pacer.autoscaler.metrics;

import dev.pacer.autoscaler.policy.Aggregation;
import java.time.Duration;

/** One app's metric to read this cycle. */
public record MetricQuery(String appId, String target, Duration window, Aggregation aggregation) {}

package dev.pacer.collector.plan;

/**
 * One executor's container as an agent's {@code /monitor/statistics} showed it. {@code timestamp}
 * is the agent's clock in seconds; {@code cpuSecs} is cumulative user + system CPU time; the gauges
 * are in bytes. A field the agent left out is {@link Double#NaN}.
 */
public record ContainerSample(
    String executorId,
    double timestamp,
    double cpuSecs,
    double cpusLimit,
    double memRss,
    double memLimit) {}

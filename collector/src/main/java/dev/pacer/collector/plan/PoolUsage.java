package dev.pacer.collector.plan;

/**
 * One pool's agents (those whose pool attribute has this value), as the master allocates them: cpus
 * in cores, mem in MB, as Mesos reports them.
 */
public record PoolUsage(
    String pool, double cpusTotal, double cpusUsed, double memTotal, double memUsed) {}

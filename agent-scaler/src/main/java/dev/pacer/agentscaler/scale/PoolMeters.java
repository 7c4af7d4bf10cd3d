package dev.pacer.agentscaler.scale;

import dev.pacer.agentscaler.PoolConfig;
import dev.pacer.common.mesos.Resources;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent-scaler's meters: {@code pacer.agentscaler.cycle} (a timer), {@code
 * pacer.agentscaler.cycles{result}} (ok, failed, skipped, follower) and {@code
 * pacer.agentscaler.pool.free.ratio{pool,resource}} (gauges of each pool's free fraction of cpus,
 * mem and disk, as the last cycle saw them; NaN before the first).
 */
final class PoolMeters {
  private static final String[] RESOURCES = {"cpus", "mem", "disk"};
  private final Timer cycle;
  // pool → free fraction of {cpus, mem, disk}
  private final Map<String, double[]> free = new ConcurrentHashMap<>();

  PoolMeters(MeterRegistry meters, List<PoolConfig> pools) {
    this.registry = meters;
    for (String r : List.of("ok", "failed", "skipped", "follower")) {
      counter(r); // every result from the start, at 0: an alert on a missing series never fires
    }
    this.cycle =
        Timer.builder("pacer.agentscaler.cycle")
            .description("one agent-scaler cycle over every pool")
            .register(meters);
    for (PoolConfig p : pools) {
      for (int i = 0; i < RESOURCES.length; i++) {
        int r = i;
        Gauge.builder(
                "pacer.agentscaler.pool.free.ratio",
                free,
                f -> f.getOrDefault(p.name(), new double[] {Double.NaN, Double.NaN, Double.NaN})[r])
            .description("the pool's free fraction of each resource, as the last cycle saw it")
            .tag("pool", p.name())
            .tag("resource", RESOURCES[i])
            .register(meters);
      }
    }
  }

  private final Map<String, io.micrometer.core.instrument.Counter> cycles =
      new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  /** Counts a cycle by its result: ok, failed (a pool or Mesos failed), skipped, follower. */
  void cycle(String result) {
    counter(result).increment();
  }

  private io.micrometer.core.instrument.Counter counter(String result) {
    return cycles.computeIfAbsent(
        result,
        r ->
            io.micrometer.core.instrument.Counter.builder("pacer.agentscaler.cycles")
                .description(
                    "agent-scaler cycles by result: ok, failed (Mesos or a pool failed; nothing"
                        + " changed there), skipped (the last still ran), follower (HA)")
                .tag("result", r)
                .register(registry));
  }

  void cycleTook(long nanos) {
    cycle.record(nanos, TimeUnit.NANOSECONDS);
  }

  void free(String pool, Resources total, Resources used) {
    free.put(
        pool,
        new double[] {
          fraction(total.cpus(), used.cpus()),
          fraction(total.mem(), used.mem()),
          fraction(total.disk(), used.disk())
        });
  }

  private static double fraction(double total, double used) {
    return total <= 0 ? 0 : Math.max(0, (total - used) / total);
  }
}

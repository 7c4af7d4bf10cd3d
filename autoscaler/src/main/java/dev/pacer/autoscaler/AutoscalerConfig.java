package dev.pacer.autoscaler;

import dev.pacer.common.config.ConfigReader;
import java.time.Duration;

/** The typed {@code pacer.autoscaler} block. */
public record AutoscalerConfig(
    boolean enabled,
    Duration interval,
    boolean dryRun,
    String graphiteUrl,
    int batchSize,
    int parallelism,
    Duration graphiteTimeout,
    Duration staleAfter) {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration DAY = Duration.ofDays(1);

  public static AutoscalerConfig read(ConfigReader r) {
    String p = "pacer.autoscaler.";
    AutoscalerConfig c =
        new AutoscalerConfig(
            r.bool(p + "enabled"),
            r.durationIn(p + "interval", Duration.ofMillis(100), DAY),
            r.bool(p + "dry-run"),
            r.string(p + "graphite.url").strip(),
            r.intIn(p + "graphite.batch-size", 1, 10_000),
            r.intIn(p + "graphite.parallelism", 1, 64),
            r.durationIn(p + "graphite.timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
            r.durationIn(p + "graphite.stale-after", SECOND, DAY));
    String url = c.graphiteUrl();
    if (!(url.startsWith("http://") || url.startsWith("https://"))) {
      r.problem(
          p + "graphite.url",
          "expected the graphite-web base URL, http:// or https://, got '" + url + "'");
    }
    return c;
  }
}

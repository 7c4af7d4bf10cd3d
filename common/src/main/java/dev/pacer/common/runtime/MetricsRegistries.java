package dev.pacer.common.runtime;

import dev.pacer.common.config.PacerConfig;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.util.HierarchicalNameMapper;
import io.micrometer.graphite.GraphiteConfig;
import io.micrometer.graphite.GraphiteHierarchicalNameMapper;
import io.micrometer.graphite.GraphiteHierarchicalNamingConvention;
import io.micrometer.graphite.GraphiteMeterRegistry;
import io.micrometer.graphite.GraphiteProtocol;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * Where Pacer's meters go: always to Prometheus ({@code GET /metrics}), and to Graphite's carbon
 * when {@code pacer.metrics.graphite.enabled}. Daemons register with {@link #all()}, which feeds
 * both (a composite registry, or Prometheus's own when Graphite is off). Meter names start with
 * {@code pacer.}; in Graphite that first word is replaced by {@code pacer.metrics.graphite.prefix},
 * and tags become path parts: {@code <prefix>.autodeployer.notifications.result.accepted.count}.
 */
public final class MetricsRegistries {
  private final PrometheusMeterRegistry prometheus;
  private final GraphiteMeterRegistry graphite;
  private final MeterRegistry all;

  public MetricsRegistries(PacerConfig.GraphiteReporter config) {
    this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Latencies as histograms with buckets, which Prometheus sums across HA replicas (a
    // client-side percentile cannot be), and between 1 ms and 5 min: Pacer's waits.
    prometheus
        .config()
        .meterFilter(
            new io.micrometer.core.instrument.config.MeterFilter() {
              @Override
              public io.micrometer.core.instrument.distribution.DistributionStatisticConfig
                  configure(
                      io.micrometer.core.instrument.Meter.Id id,
                      io.micrometer.core.instrument.distribution.DistributionStatisticConfig
                          config) {
                if (id.getType() != io.micrometer.core.instrument.Meter.Type.TIMER) {
                  return config;
                }
                return io.micrometer.core.instrument.distribution.DistributionStatisticConfig
                    .builder()
                    .percentilesHistogram(true)
                    .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                    .maximumExpectedValue((double) Duration.ofMinutes(5).toNanos())
                    .build()
                    .merge(config);
              }
            });
    bindProcessMeters(prometheus);
    this.graphite = config.enabled() ? graphite(config) : null;
    if (graphite == null) {
      this.all = prometheus; // no composite to go through on every increment
    } else {
      CompositeMeterRegistry both = new CompositeMeterRegistry();
      both.add(prometheus);
      both.add(graphite);
      this.all = both;
    }
  }

  private static GraphiteMeterRegistry graphite(PacerConfig.GraphiteReporter c) {
    GraphiteConfig gc =
        new GraphiteConfig() {
          @Override
          public String get(String key) {
            return null;
          }

          @Override
          public String host() {
            return c.host();
          }

          @Override
          public int port() {
            return c.port();
          }

          @Override
          public Duration step() {
            return c.step();
          }

          @Override
          public GraphiteProtocol protocol() {
            return GraphiteProtocol.PLAINTEXT;
          }

          @Override
          public boolean graphiteTagsEnabled() {
            return false; // plain paths: no tag database needed in Graphite
          }
        };
    HierarchicalNameMapper paths = new GraphiteHierarchicalNameMapper();
    HierarchicalNameMapper prefixed =
        (id, convention) -> {
          String path = paths.toHierarchicalName(id, convention);
          return c.prefix() + (path.startsWith("pacer.") ? path.substring(5) : "." + path);
        };
    GraphiteMeterRegistry r = new GraphiteMeterRegistry(gc, Clock.SYSTEM, prefixed);
    r.config().namingConvention(new GraphiteHierarchicalNamingConvention(NamingConvention.dot));
    return r;
  }

  /** The JVM's and the process's own meters ({@code jvm_*}, {@code process_*}), and the build. */
  private static void bindProcessMeters(MeterRegistry r) {
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(r);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(r);
    new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(r);
    new io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics().bindTo(r);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(r);
    new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(r);
    new io.micrometer.core.instrument.binder.system.FileDescriptorMetrics().bindTo(r);
    io.micrometer.core.instrument.Gauge.builder("pacer.build.info", () -> 1)
        .description("always 1; its tags say which Pacer runs: version and git commit")
        .tag("version", BuildInfo.version())
        .tag("commit", BuildInfo.commit())
        .register(r);
  }

  public PrometheusMeterRegistry prometheus() {
    return prometheus;
  }

  public MeterRegistry all() {
    return all;
  }

  public boolean reportsToGraphite() {
    return graphite != null;
  }

  /** Sends Graphite what it has not had yet, and stops its reporter. */
  public void close() {
    if (graphite != null) {
      graphite.close();
    }
  }
}

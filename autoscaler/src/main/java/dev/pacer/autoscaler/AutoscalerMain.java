package dev.pacer.autoscaler;

import dev.pacer.autoscaler.metrics.GraphiteMetricsSource;
import dev.pacer.autoscaler.metrics.MetricsSource;
import dev.pacer.autoscaler.scale.Autoscaler;
import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import io.vertx.core.Deployable;

/** Composition root of the autoscaler: reads its config and builds its adapters and verticle. */
public final class AutoscalerMain implements DaemonModule<AutoscalerConfig> {
  public static final String NAME = "autoscaler";

  public static void main(String[] args) {
    System.exit(StandaloneArgs.runDaemon(args, new AutoscalerMain()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AutoscalerConfig readConfig(ConfigReader reader) {
    return AutoscalerConfig.read(reader);
  }

  @Override
  public boolean enabled(AutoscalerConfig config) {
    return config.enabled();
  }

  @Override
  public Deployable create(PacerRuntime rt, AutoscalerConfig c) {
    String source = rt.config().events().source() + "/" + NAME;
    MetricsSource metrics =
        new GraphiteMetricsSource(
            c.graphiteUrl(),
            c.batchSize(),
            c.parallelism(),
            c.graphiteTimeout(),
            c.staleAfter(),
            rt.clock(),
            rt.metrics());
    Autoscaler autoscaler =
        new Autoscaler(
            rt.marathon(),
            metrics,
            rt.pauses(),
            new ActionPublisher(rt.backbone(), source, rt.clock()),
            new Autoscaler.Settings(c.dryRun()),
            rt.leadership()::isLeader,
            rt.clock(),
            rt.metrics());
    return new AutoscalerVerticle(rt, c, autoscaler, metrics);
  }

  /** Graphite's render API, which every cycle reads: /ready fails while it is unreachable. */
  @Override
  public java.util.List<dev.pacer.common.runtime.Probe> probes(
      AutoscalerConfig c, io.vertx.core.Vertx vertx) {
    String base = c.graphiteUrl().replaceAll("/+$", "");
    return java.util.List.of(
        dev.pacer.common.runtime.Probes.httpGet(
            vertx,
            "graphite",
            "Graphite " + base + " (/render of one target)",
            true,
            java.net.URI.create(base + "/render?target=pacer.check&format=json&from=-5min"),
            java.util.Map.of(),
            status -> status == 200,
            r -> {
              try {
                return "render answered, "
                    + r.bodyAsJsonArray().size()
                    + " series for the probe's target";
              } catch (RuntimeException e) {
                throw new IllegalStateException(
                    "answered 200 but not Graphite's JSON: "
                        + dev.pacer.common.runtime.Probes.brief(r.bodyAsString()));
              }
            },
            new io.vertx.ext.web.client.WebClientOptions()));
  }
}

package dev.pacer.autodeployer;

import dev.pacer.autodeployer.deploy.Autodeployer;
import dev.pacer.autodeployer.deploy.Backstop;
import dev.pacer.autodeployer.deploy.ManualRollback;
import dev.pacer.autodeployer.deploy.RegistryClient;
import dev.pacer.autodeployer.ingest.RegistryWebhook;
import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import io.vertx.core.Deployable;

/** Composition root of the autodeployer: reads its config and builds its adapters and verticle. */
public final class AutodeployerMain implements DaemonModule<AutodeployerConfig> {
  public static final String NAME = "autodeployer";

  public static void main(String[] args) {
    System.exit(StandaloneArgs.runDaemon(args, new AutodeployerMain()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AutodeployerConfig readConfig(ConfigReader reader) {
    return AutodeployerConfig.read(reader);
  }

  @Override
  public boolean enabled(AutodeployerConfig config) {
    return config.enabled();
  }

  @Override
  public java.util.Set<String> marathonEventTypes(AutodeployerConfig c) {
    return Autodeployer.MARATHON_EVENTS;
  }

  @Override
  public Deployable create(PacerRuntime rt, AutodeployerConfig c) {
    String source = rt.config().events().source() + "/" + NAME;
    RegistryClient registry =
        new RegistryClient(
            rt.vertx(),
            rt.scheduler(),
            c.registryUrl(),
            c.registryUsername(),
            c.registryPassword());
    Autodeployer pipeline =
        Autodeployer.create(
            rt.vertx(),
            rt.marathon(),
            rt.backbone(),
            source,
            registry,
            new dev.pacer.autodeployer.plan.LaneMachine.Settings(
                c.deployTimeout(),
                c.rollback(),
                c.forceAfter(),
                c.retryFor(),
                c.manifestCheck(),
                c.manifestGrace()),
            rt.scheduler(),
            rt.metrics());
    RegistryWebhook webhook =
        new RegistryWebhook(
            rt.backbone(),
            c.webhookToken(),
            c.webhookTokenPrevious(),
            c.maxBodySize(),
            c.dedupeWindow(),
            source,
            rt.clock(),
            rt.metrics());
    return new AutodeployerVerticle(
        rt,
        c,
        pipeline,
        new Backstop(rt.marathon(), registry, pipeline, rt.clock(), rt.metrics()),
        webhook,
        new ManualRollback(rt.marathon(), pipeline, registry, c.manifestCheck()),
        new dev.pacer.autodeployer.deploy.AutodeployTest(
            pipeline, rt.marathon(), registry, rt.clock()));
  }

  /**
   * The registry of {@code registry.url} ({@code GET /v2/}; a 401 asking for credentials is up),
   * which the manifest check, the backstop and {@code pacer rollback} read. Not a readiness check:
   * pushes name their own registry, and one that cannot be checked is retried.
   */
  @Override
  public java.util.List<dev.pacer.common.runtime.Probe> probes(
      AutodeployerConfig c, io.vertx.core.Vertx vertx) {
    if (c.registryUrl().isEmpty()) {
      return java.util.List.of();
    }
    String base = c.registryUrl().replaceAll("/+$", "");
    String authorization =
        dev.pacer.autodeployer.deploy.RegistryClient.authorization(
            c.registryUsername(), c.registryPassword());
    java.util.Map<String, String> headers =
        authorization == null
            ? java.util.Map.of()
            : java.util.Map.of("Authorization", authorization);
    return java.util.List.of(
        dev.pacer.common.runtime.Probes.httpGet(
            vertx,
            "registry",
            "Docker registry " + base + " (/v2/)",
            false,
            java.net.URI.create(base + "/v2/"),
            headers,
            // a 401 without credentials is a registry that wants some; with them, a refusal
            status -> status == 200 || (status == 401 && c.registryUsername().isEmpty()),
            r ->
                r.statusCode() == 200
                    ? "API v2 answered"
                    : "API v2 answered 401: it wants credentials (set"
                        + " pacer.autodeployer.registry.username and .password)",
            new io.vertx.ext.web.client.WebClientOptions()));
  }
}

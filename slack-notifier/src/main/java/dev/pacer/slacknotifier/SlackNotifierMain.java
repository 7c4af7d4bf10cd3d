package dev.pacer.slacknotifier;

import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import dev.pacer.slacknotifier.delivery.ConsoleSink;
import dev.pacer.slacknotifier.delivery.SlackSink;
import dev.pacer.slacknotifier.delivery.TokenSink;
import dev.pacer.slacknotifier.delivery.WebhookSink;
import io.vertx.core.Deployable;
import java.util.Set;

/** Composition root of the slack-notifier: reads its config and builds its verticle. */
public final class SlackNotifierMain implements DaemonModule<SlackNotifierConfig> {
  public static final String NAME = "slack-notifier";

  public static void main(String[] args) {
    System.exit(StandaloneArgs.runDaemon(args, new SlackNotifierMain()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SlackNotifierConfig readConfig(ConfigReader reader) {
    return SlackNotifierConfig.read(reader);
  }

  @Override
  public boolean enabled(SlackNotifierConfig config) {
    return config.enabled();
  }

  @Override
  public Set<String> marathonEventTypes(SlackNotifierConfig config) {
    return Set.of("api_post_event", "deployment_step_success", "deployment_step_failure");
  }

  @Override
  public Deployable create(PacerRuntime runtime, SlackNotifierConfig c) {
    return new SlackNotifierVerticle(runtime, c, () -> sink(c));
  }

  static SlackSink sink(SlackNotifierConfig c) {
    return switch (c.mode()) {
      case "token" -> new TokenSink(c.token()::reveal, c.apiUrl(), c.timeout());
      case "webhook" -> new WebhookSink(c.webhookUrl()::reveal, c.timeout());
      default -> new ConsoleSink(System.out);
    };
  }

  /**
   * Slack: {@code auth.test} with the bot token (who it is, read-only), or a connection to the
   * webhook URL's host (nothing is posted). Not a readiness check: messages wait in their queue
   * while Slack is away.
   */
  @Override
  public java.util.List<dev.pacer.common.runtime.Probe> probes(
      SlackNotifierConfig c, io.vertx.core.Vertx vertx) {
    switch (c.mode()) {
      case "token" -> {
        // made when first run: /ready never runs this probe, so its process never builds it
        java.util.concurrent.atomic.AtomicReference<dev.pacer.slacknotifier.delivery.TokenSink>
            made = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Supplier<dev.pacer.slacknotifier.delivery.TokenSink> sink =
            () ->
                made.updateAndGet(
                    s ->
                        s != null
                            ? s
                            : new dev.pacer.slacknotifier.delivery.TokenSink(
                                c.token()::reveal,
                                c.apiUrl(),
                                dev.pacer.common.runtime.Probes.TIMEOUT));
        return java.util.List.of(
            dev.pacer.common.runtime.Probes.of(
                "slack",
                "Slack Web API " + c.apiUrl() + " (auth.test with pacer.slack.token)",
                false,
                () -> vertx.executeBlocking(() -> sink.get().authTest(), false),
                () -> {}));
      }
      case "webhook" -> {
        java.net.URI hook = java.net.URI.create(c.webhookUrl().reveal());
        boolean tls = "https".equalsIgnoreCase(hook.getScheme());
        int port = hook.getPort() > 0 ? hook.getPort() : tls ? 443 : 80;
        return java.util.List.of(
            dev.pacer.common.runtime.Probes.connect(
                vertx,
                "slack",
                "Slack webhook host "
                    + hook.getHost()
                    + ":"
                    + port
                    + " (pacer.slack.webhook-url; nothing posted)",
                false,
                hook.getHost(),
                port,
                tls));
      }
      default -> {
        return java.util.List.of(
            dev.pacer.common.runtime.Probes.of(
                "slack",
                "Slack (console mode: messages are printed, not sent)",
                false,
                () ->
                    io.vertx.core.Future.succeededFuture(
                        "nothing to reach; set pacer.slack.token or pacer.slack.webhook-url"),
                () -> {}));
      }
    }
  }
}

package dev.pacer.autodeployer;

import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.config.Secret;
import java.time.Duration;

/** The typed {@code pacer.autodeployer} block, and {@code pacer.slack.signing-secret}. */
public record AutodeployerConfig(
    boolean enabled,
    Secret webhookToken,
    Secret webhookTokenPrevious,
    boolean insecureWebhooks,
    long maxBodySize,
    int dedupeWindow,
    Duration resyncInterval,
    Duration deployTimeout,
    boolean rollback,
    Duration forceAfter,
    Duration retryFor,
    Duration pollInterval,
    String registryUrl,
    String registryUsername,
    Secret registryPassword,
    boolean manifestCheck,
    Duration manifestGrace,
    Secret slackSigningSecret) {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration DAY = Duration.ofDays(1);

  public static AutodeployerConfig read(ConfigReader r) {
    String p = "pacer.autodeployer.";
    AutodeployerConfig c =
        new AutodeployerConfig(
            r.bool(p + "enabled"),
            r.secret(p + "webhook-token"),
            r.secret(p + "webhook-token-previous"),
            r.bool(p + "insecure-webhooks"),
            r.bytesIn(p + "max-body-size", 1024, 64L * 1024 * 1024),
            r.intIn(p + "dedupe-window", 0, 10_000_000),
            r.durationIn(p + "resync-interval", SECOND, DAY),
            r.durationIn(p + "deploy-timeout", SECOND, DAY),
            r.bool(p + "rollback"),
            r.optionalDuration(p + "force-after", SECOND, DAY),
            r.durationIn(p + "retry-for", SECOND, DAY),
            r.durationIn(p + "poll-interval", SECOND, DAY),
            r.string(p + "registry.url").strip(),
            r.string(p + "registry.username"),
            r.secret(p + "registry.password"),
            r.bool(p + "manifest-check"),
            // within the Kafka handler's 4 minutes, which the wait holds
            r.durationIn(p + "manifest-grace", Duration.ZERO, Duration.ofMinutes(2)),
            // the Slack app's, for the votes of its approval buttons (POST /slack/interactions)
            r.secret("pacer.slack.signing-secret"));
    if (c.enabled() && !c.webhookToken().isPresent() && !c.insecureWebhooks()) {
      r.problem(
          p + "webhook-token",
          "required, so registries must authenticate (set PACER_WEBHOOK_TOKEN);"
              + " or set pacer.autodeployer.insecure-webhooks = true to accept unauthenticated pushes");
    }
    if (c.webhookTokenPrevious().isPresent() && !c.webhookToken().isPresent()) {
      r.problem(
          p + "webhook-token-previous",
          "set only while rotating: webhook-token must hold the new token");
    }
    String url = c.registryUrl();
    if (!url.isEmpty() && !(url.startsWith("http://") || url.startsWith("https://"))) {
      r.problem(p + "registry.url", "expected an http:// or https:// URL, got '" + url + "'");
    }
    return c;
  }
}

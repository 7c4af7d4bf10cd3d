package dev.pacer.slacknotifier;

import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.config.Secret;
import java.time.Duration;
import java.util.Map;

/**
 * The typed {@code pacer.slack-notifier} and {@code pacer.slack} blocks. With {@code token} set the
 * notifier posts through the Web API (messages updated in place, threads); else with {@code
 * webhook-url} through an incoming webhook (a message per state change); else it prints the
 * messages (console mode, as {@code pacer demo} does).
 */
public record SlackNotifierConfig(
    boolean enabled,
    Secret token,
    Secret webhookUrl,
    String apiUrl,
    String defaultChannel,
    Map<String, String> routes,
    Duration minInterval,
    Duration maxBackoff,
    int queueSize,
    Duration coalesceWindow,
    Duration timeout,
    Duration labelTtl) {

  public static SlackNotifierConfig read(ConfigReader r) {
    String p = "pacer.slack.";
    SlackNotifierConfig c =
        new SlackNotifierConfig(
            r.bool("pacer.slack-notifier.enabled"),
            r.secret(p + "token"),
            r.secret(p + "webhook-url"),
            r.string(p + "api-url").strip(),
            r.string(p + "default-channel").strip(),
            r.stringMap(p + "routes"),
            r.durationIn(p + "min-interval", Duration.ofMillis(10), Duration.ofMinutes(1)),
            r.durationIn(p + "max-backoff", Duration.ofSeconds(1), Duration.ofHours(1)),
            r.intIn(p + "queue-size", 1, 100_000),
            r.durationIn(p + "coalesce-window", Duration.ZERO, Duration.ofMinutes(10)),
            r.durationIn(p + "timeout", Duration.ofMillis(100), Duration.ofMinutes(5)),
            r.durationIn(p + "label-ttl", Duration.ofSeconds(1), Duration.ofDays(1)));
    if (!(c.apiUrl.startsWith("http://") || c.apiUrl.startsWith("https://"))) {
      r.problem(
          p + "api-url",
          "expected Slack's Web API base URL, http:// or https://, got '" + c.apiUrl + "'");
    }
    String hook = c.webhookUrl.reveal();
    if (!hook.isEmpty() && !(hook.startsWith("http://") || hook.startsWith("https://"))) {
      r.problem(
          p + "webhook-url",
          "expected an incoming webhook URL (https://hooks.slack.com/services/…)");
    }
    // a route names a channel: "#ops", a channel id (C0123ABC), a user (@ann), or none (drop)
    if (r.config().hasPath(p + "routes")
        && r.config().getValue(p + "routes").valueType()
            == com.typesafe.config.ConfigValueType.OBJECT) {
      for (var e : r.config().getConfig(p + "routes").entrySet()) {
        com.typesafe.config.ConfigValue v = e.getValue();
        String text = String.valueOf(v.unwrapped()).strip();
        if (v.valueType() != com.typesafe.config.ConfigValueType.STRING
            || !text.matches("[#@][^\\s#@]+|[CGD][A-Z0-9]{6,}|none")) {
          r.problem(
              p + "routes." + e.getKey(),
              "expected a channel, such as \"#ops\" or a channel id (C0123ABC), or none, got "
                  + v.valueType().name().toLowerCase(java.util.Locale.ROOT)
                  + " "
                  + v.render()
                  + ConfigReader.at(v));
        }
      }
    }
    if (c.token.isPresent() && c.defaultChannel.isEmpty()) {
      r.problem(
          p + "default-channel", "a bot token needs a channel to post to, such as \"#deploys\"");
    }
    return c;
  }

  /** {@code token}, {@code webhook} or {@code console}. */
  public String mode() {
    return token.isPresent() ? "token" : webhookUrl.isPresent() ? "webhook" : "console";
  }
}

package dev.pacer.common.runtime;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Pacer's own fields of a JSON log line: {@code daemon} (from the logger's package) and {@code
 * app}, {@code pool}, {@code scope}, {@code event_id}, {@code deployment_id}, {@code push_id},
 * taken from the message's {@code key=value} words, which every text line writes the same way (one
 * key style: {@code app=/shop/web push_id=… deployment_id=…}). ELK can then filter on a field
 * instead of searching messages.
 */
public final class LogFields extends AbstractJsonProvider<ILoggingEvent> {
  /** The keys lifted out of messages into fields of their own. */
  public static final List<String> KEYS =
      List.of("app", "pool", "scope", "daemon", "event_id", "deployment_id", "push_id");

  private static final Pattern KEY_VALUE =
      Pattern.compile("(?:^|[\\s(\\[{,])(" + String.join("|", KEYS) + ")=([^\\s,;)\\]}]+)");

  private static final Map<String, String> DAEMONS =
      Map.of(
          "dev.pacer.autodeployer", "autodeployer",
          "dev.pacer.autoscaler", "autoscaler",
          "dev.pacer.agentscaler", "agent-scaler",
          "dev.pacer.slacknotifier", "slack-notifier");

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    for (Map.Entry<String, String> f :
        fields(event.getLoggerName(), event.getFormattedMessage()).entrySet()) {
      generator.writeStringField(f.getKey(), f.getValue());
    }
  }

  /**
   * The fields of one line: the first value of each key in the message, and {@code daemon} from the
   * logger's package when the message does not say it.
   */
  static Map<String, String> fields(String logger, String message) {
    Map<String, String> out = new LinkedHashMap<>();
    if (message != null) {
      Matcher m = KEY_VALUE.matcher(message);
      while (m.find()) {
        out.putIfAbsent(m.group(1), m.group(2));
      }
    }
    if (logger != null) {
      DAEMONS.forEach(
          (pkg, daemon) -> {
            if (logger.startsWith(pkg + ".")) {
              out.putIfAbsent("daemon", daemon);
            }
          });
    }
    return out;
  }
}

package dev.pacer.slacknotifier.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which channel an event's message goes to. A route in {@code pacer.slack.routes} names event types
 * (a glob, {@code *} matching any run of characters: {@code pacer.scale.*}) and a channel; the most
 * specific matching route wins (an exact type over a glob, a longer glob over a shorter one). A
 * route to {@code ""} or {@code none} drops those events. Without a route, the app's {@code
 * slack.channel} label decides, then {@code pacer.slack.default-channel}.
 */
public final class Routes {
  /** The label an app sets to choose its channel. */
  public static final String LABEL = "slack.channel";

  private record Route(String glob, Pattern pattern, String channel) {}

  private final List<Route> routes = new ArrayList<>();
  private final String defaultChannel;

  public Routes(Map<String, String> byType, String defaultChannel) {
    byType.forEach((glob, channel) -> routes.add(new Route(glob, compile(glob), channel.strip())));
    routes.sort(
        Comparator.comparing((Route r) -> r.glob.contains("*"))
            .thenComparing(r -> -r.glob.length()));
    this.defaultChannel = defaultChannel.strip();
  }

  /**
   * The channel for an event of {@code type} about an app with {@code labels} (empty for events
   * that are not about an app); empty when the event is not to be posted.
   */
  public Optional<String> channel(String type, Map<String, String> labels) {
    for (Route r : routes) {
      if (r.pattern.matcher(type).matches()) {
        return dropped(r.channel) ? Optional.empty() : Optional.of(r.channel);
      }
    }
    String label = labels.getOrDefault(LABEL, "").strip();
    if (!label.isEmpty()) {
      return Optional.of(label);
    }
    return defaultChannel.isEmpty() ? Optional.empty() : Optional.of(defaultChannel);
  }

  private static boolean dropped(String channel) {
    return channel.isEmpty() || channel.equalsIgnoreCase("none");
  }

  private static Pattern compile(String glob) {
    List<String> parts = new ArrayList<>();
    for (String part : glob.split("\\*", -1)) {
      parts.add(Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts));
  }
}

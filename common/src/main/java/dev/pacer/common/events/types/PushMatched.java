package dev.pacer.common.events.types;

import java.util.List;

/**
 * {@code pacer.push.matched} on {@code pacer.actions}, keyed by the pushed image ({@code
 * host/repository:tag}): which apps' {@code autodeploy} patterns a push matched, and the patterns
 * that came nearest among those it did not (at most {@link #MAX_NEAREST}, nearest first), each with
 * the first character of the image where it stopped matching. For the decision journal's image
 * timeline and {@code pacer explain --image}; what then happened to each matched app is in its
 * {@code pacer.deploy.*} events. Slack does not post it.
 */
public record PushMatched(String image, String digest, List<String> matched, List<NearMiss> nearest)
    implements EventData {
  /** The most near misses an event names. */
  public static final int MAX_NEAREST = 3;

  public PushMatched {
    EventTypes.require(image, "image");
    matched = matched == null ? List.of() : List.copyOf(matched);
    nearest = nearest == null ? List.of() : List.copyOf(nearest);
  }

  /**
   * An app whose pattern did not match: {@code compared} is the text the pattern is matched against
   * (the image without its host when the pattern names none), {@code at} the 0-based index in it of
   * the first character no completion of the pattern accepts ({@code compared.length()} when the
   * image ended too early).
   */
  public record NearMiss(String app, String pattern, String compared, int at) {}

  @Override
  public String type() {
    return EventTypes.PUSH_MATCHED;
  }
}

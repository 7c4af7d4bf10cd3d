package dev.pacer.common.events;

import java.util.List;

/** The four topics, and how each is keyed (see ARCHITECTURE.md). */
public final class Topics {
  /** Image pushes, keyed by repository. */
  public static final String REGISTRY = "pacer.registry";

  /** Marathon's own events, keyed by app id. */
  public static final String MARATHON = "pacer.marathon";

  /** What Pacer did (deploy.*, scale.*, agents.*), keyed by subject. */
  public static final String ACTIONS = "pacer.actions";

  /** The pause state; compacted in Kafka, keyed by what is paused. */
  public static final String CONTROL = "pacer.control";

  public static final List<String> ALL = List.of(REGISTRY, MARATHON, ACTIONS, CONTROL);

  private Topics() {}

  public static boolean isCompacted(String topic) {
    return CONTROL.equals(topic);
  }
}

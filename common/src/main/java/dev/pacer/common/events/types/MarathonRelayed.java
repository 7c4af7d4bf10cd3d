package dev.pacer.common.events.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code pacer.marathon.<eventType>} on {@code pacer.marathon}, keyed by app id: one Marathon
 * event, its JSON verbatim as the data (Marathon's camelCase keys; read with {@code MarathonJson}).
 */
public record MarathonRelayed(String eventType, Map<String, Object> payload) implements EventData {
  public MarathonRelayed {
    EventTypes.require(eventType, "eventType");
    payload =
        payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
  }

  @Override
  public String type() {
    return EventTypes.MARATHON_PREFIX + eventType;
  }
}

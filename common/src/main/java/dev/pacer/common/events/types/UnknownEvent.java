package dev.pacer.common.events.types;

import java.util.Map;

/**
 * An event of a type this Pacer does not know (a newer producer's): its consumers pass it by, as
 * CloudEvents consumers do.
 */
public record UnknownEvent(String type, Map<String, Object> data) implements EventData {
  public UnknownEvent {
    data =
        data == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
  }
}

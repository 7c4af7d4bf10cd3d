package dev.pacer.common.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event in the CloudEvents 1.0 envelope. {@code type} is such as {@code
 * pacer.deploy.succeeded}; {@code subject} is the app id or pool the event is about. {@code data}
 * is a JSON-like tree of maps, lists, strings, numbers, booleans and nulls.
 */
public record PacerEvent(
    String id, String source, String type, String subject, Instant time, Map<String, Object> data) {

  public static final String SPEC_VERSION = "1.0";

  public PacerEvent {
    requireText(id, "id");
    requireText(source, "source");
    requireText(type, "type");
    Objects.requireNonNull(time, "time");
    subject = subject == null ? "" : subject;
    data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  public static PacerEvent create(
      String source, String type, String subject, Instant time, Map<String, Object> data) {
    return new PacerEvent(UUID.randomUUID().toString(), source, type, subject, time, data);
  }

  private static void requireText(String value, String attribute) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("event attribute '" + attribute + "' must not be empty");
    }
  }
}

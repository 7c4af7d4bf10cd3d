package dev.pacer.common.journal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One decision in the journal: of which subject ({@code kind} {@code app}, {@code pool}, {@code
 * image} or {@code global}, and its id: {@code /shop/web}, {@code scaling}, {@code
 * registry.example.com/acme/web:1.2}), when, what ({@code type}, the event's type such as {@code
 * pacer.scale.held}), and its inputs ({@code data}, the event's data as published). {@code eventId}
 * is the event's id: an event recorded twice (a redelivery, a replay) is one entry.
 */
public record JournalEntry(
    String kind,
    String subject,
    Instant at,
    String type,
    String eventId,
    Map<String, Object> data) {

  public static final String APP = "app";
  public static final String POOL = "pool";
  public static final String IMAGE = "image";
  public static final String GLOBAL = "global";

  public JournalEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    eventId = Objects.requireNonNullElse(eventId, "");
    data = data == null ? Map.of() : Map.copyOf(withoutNulls(data));
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> data) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    data.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** {@code app:/shop/web}: the key of the subject's timeline. */
  public String key() {
    return kind + ":" + subject;
  }
}

package dev.pacer.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** CloudEvents 1.0 structured JSON mode, the one wire form of a {@link PacerEvent}. Pure. */
public final class EventCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> TREE = new TypeReference<>() {};

  private EventCodec() {}

  public static byte[] encode(PacerEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("specversion", PacerEvent.SPEC_VERSION);
    m.put("id", e.id());
    m.put("source", e.source());
    m.put("type", e.type());
    if (!e.subject().isEmpty()) {
      m.put("subject", e.subject());
    }
    m.put("time", e.time().toString());
    m.put("datacontenttype", "application/json");
    m.put("data", e.data());
    try {
      return MAPPER.writeValueAsBytes(m);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException(
          "event " + e.id() + " has data that is not JSON: " + ex.getMessage(), ex);
    }
  }

  /**
   * @throws EventDecodingException naming the attribute that is missing or malformed
   */
  public static PacerEvent decode(byte[] bytes) {
    Map<String, Object> m;
    try {
      m = MAPPER.readValue(bytes, TREE);
    } catch (IOException ex) {
      throw new EventDecodingException("not a JSON object: " + ex.getMessage());
    }
    if (m == null) {
      throw new EventDecodingException("not a JSON object: null");
    }
    String spec = text(m, "specversion");
    if (!PacerEvent.SPEC_VERSION.equals(spec)) {
      throw new EventDecodingException("specversion: expected 1.0, got " + spec);
    }
    Instant time;
    try {
      time = Instant.parse(text(m, "time"));
    } catch (DateTimeParseException ex) {
      throw new EventDecodingException(
          "time: expected an RFC 3339 timestamp, got " + m.get("time"));
    }
    Object data = m.get("data");
    if (data != null && !(data instanceof Map)) {
      throw new EventDecodingException("data: expected a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> dataMap = (Map<String, Object>) data;
    Object subject = m.get("subject");
    return new PacerEvent(
        text(m, "id"),
        text(m, "source"),
        text(m, "type"),
        subject == null ? "" : subject.toString(),
        time,
        dataMap);
  }

  private static String text(Map<String, Object> m, String attribute) {
    Object v = m.get(attribute);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new EventDecodingException(attribute + ": required string attribute is missing");
    }
    return s;
  }

  /** The bytes are not a valid Pacer event; the message names what is wrong. */
  public static final class EventDecodingException extends RuntimeException {
    public EventDecodingException(String message) {
      super("invalid event: " + message);
    }
  }
}

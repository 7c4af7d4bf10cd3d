package dev.pacer.common.marathon;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental text/event-stream parser. Accepts CRLF, LF or CR line ends, split anywhere across
 * chunks (a multi-byte UTF-8 character too). A blank line ends an event; a blank line with no field
 * before it is a heartbeat (Marathon sends a bare CRLF every 10 s). Pure: no IO.
 */
public final class SseParser {

  /** One dispatched event; {@code event} is null when the stream sent only {@code data:}. */
  public record SseEvent(String event, String data) {}

  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private boolean lastWasCr;
  private String eventName;
  private StringBuilder data;
  private long heartbeats;

  public List<SseEvent> feed(byte[] chunk) {
    return feed(chunk, 0, chunk.length);
  }

  public List<SseEvent> feed(byte[] chunk, int offset, int length) {
    List<SseEvent> out = new ArrayList<>(1);
    for (int i = offset; i < offset + length; i++) {
      byte b = chunk[i];
      if (b == '\n') {
        if (lastWasCr) {
          lastWasCr = false;
          continue;
        }
        endLine(out);
      } else if (b == '\r') {
        lastWasCr = true;
        endLine(out);
      } else {
        lastWasCr = false;
        line.write(b);
      }
    }
    return out;
  }

  /** Blank lines that dispatched nothing: heartbeats and keep-alives. */
  public long heartbeats() {
    return heartbeats;
  }

  private void endLine(List<SseEvent> out) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.isEmpty()) {
      if (data != null) {
        out.add(new SseEvent(eventName, data.toString()));
      } else {
        heartbeats++;
      }
      eventName = null;
      data = null;
      return;
    }
    if (text.charAt(0) == ':') {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> eventName = value;
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      default -> {} // id and retry: Marathon sends neither, and resumes nothing
    }
  }
}

package dev.pacer.common.marathon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental text/event-stream parser. Accepts CRLF, LF or CR line ends, split anywhere across
 * chunks (a multi-byte UTF-8 character too). A blank line ends an event; a blank line with no field
 * before it is a heartbeat (Marathon sends a bare CRLF every 10 s). Pure: no IO.
 */
public final class SseParser {

  /** One dispatched event; {@code event} is null when the stream sent only {@code data:}. */
  public record SseEvent(String event, String data) {}

  // The current line's bytes so far; a line may span chunks. Grown by hand: an api_post_event
  // line holds a whole app, and a ByteArrayOutputStream would lock and check capacity per byte.
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean lastWasCr;
  private String eventName;
  private StringBuilder data;
  private long heartbeats;

  public List<SseEvent> feed(byte[] chunk) {
    return feed(chunk, 0, chunk.length);
  }

  public List<SseEvent> feed(byte[] chunk, int offset, int length) {
    List<SseEvent> out = new ArrayList<>(1);
    int end = offset + length;
    int i = offset;
    if (i == end) {
      return out;
    }
    if (lastWasCr && chunk[i] == '\n') {
      i++; // the LF of a CRLF split across chunks
    }
    lastWasCr = false;
    while (i < end) {
      int eol = i;
      while (eol < end && chunk[eol] != '\n' && chunk[eol] != '\r') {
        eol++;
      }
      append(chunk, i, eol - i);
      if (eol == end) {
        break; // the line goes on in the next chunk
      }
      endLine(out);
      i = eol + 1;
      if (chunk[eol] == '\r') {
        if (i == end) {
          lastWasCr = true;
        } else if (chunk[i] == '\n') {
          i++;
        }
      }
    }
    return out;
  }

  private void append(byte[] bytes, int from, int count) {
    if (lineLength + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
    }
    System.arraycopy(bytes, from, line, lineLength, count);
    lineLength += count;
  }

  /** Blank lines that dispatched nothing: heartbeats and keep-alives. */
  public long heartbeats() {
    return heartbeats;
  }

  private void endLine(List<SseEvent> out) {
    String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
    lineLength = 0;
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

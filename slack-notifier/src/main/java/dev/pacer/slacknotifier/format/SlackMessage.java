package dev.pacer.slacknotifier.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Slack message: the notification fallback {@code text} (always present, as Slack asks) and its
 * Block Kit {@code blocks}. Built within Slack's limits whatever it is given: text at most {@value
 * #TEXT} characters, at most {@value #MAX_BLOCKS} blocks, and at most {@value #BLOCKS_CHARS}
 * characters of blocks JSON in all (Slack refuses much larger payloads with {@code
 * msg_blocks_too_long}); what does not fit is replaced by a note saying how much was left out.
 */
public record SlackMessage(String text, List<Map<String, Object>> blocks) {
  public static final int TEXT = 4_000;
  public static final int MAX_BLOCKS = 50;
  public static final int BLOCKS_CHARS = 12_000;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  public SlackMessage {
    text = Blocks.cut(text == null || text.isBlank() ? "(no text)" : Human.plainText(text), TEXT);
    blocks = fit(blocks == null ? List.of() : blocks);
  }

  public static SlackMessage of(String text, List<Map<String, Object>> blocks) {
    return new SlackMessage(text, blocks);
  }

  /** The blocks as a JSON array, as {@code chat.postMessage} takes them. */
  public String blocksJson() {
    return write(COMPACT, blocks);
  }

  /** The whole payload, pretty-printed with stable key order (the golden files). */
  public String toPrettyJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", text);
    m.put("blocks", blocks);
    return write(JSON, m);
  }

  /** The webhook body: {@code {"text": …, "blocks": […]}}. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", text);
    m.put("blocks", blocks);
    return write(COMPACT, m);
  }

  private static List<Map<String, Object>> fit(List<Map<String, Object>> in) {
    List<Map<String, Object>> out = new ArrayList<>();
    int chars = 2;
    for (int i = 0; i < in.size(); i++) {
      int size = write(COMPACT, in.get(i)).length() + 1;
      boolean last = i == in.size() - 1;
      // Room is kept for the note that says what was left out.
      int reserve = last ? 0 : 200;
      if (out.size() >= MAX_BLOCKS - (last ? 0 : 1) || chars + size + reserve > BLOCKS_CHARS) {
        int left = in.size() - i;
        out.add(
            Blocks.context(
                "… "
                    + left
                    + " more block"
                    + (left == 1 ? "" : "s")
                    + " not shown (Slack's limits)"));
        break;
      }
      out.add(in.get(i));
      chars += size;
    }
    return List.copyOf(out);
  }

  private static String write(ObjectMapper m, Object o) {
    try {
      return m.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("blocks are not JSON: " + e.getMessage(), e);
    }
  }
}

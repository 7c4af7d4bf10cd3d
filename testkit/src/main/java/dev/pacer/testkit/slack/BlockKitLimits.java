package dev.pacer.testkit.slack;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Slack's documented limits on a message, as {@code shared/contracts/README.md} §4 lists them:
 * {@code text} present (the notification fallback), at most 50 blocks, section text at most 3,000
 * characters, at most 10 section fields of at most 2,000 each, header text at most 150, {@code
 * block_id} at most 255, context at most 10 elements, {@code text} at most 40,000. Each violation
 * is named with the Slack error it causes.
 */
public final class BlockKitLimits {
  public static final int MAX_BLOCKS = 50;
  public static final int SECTION_TEXT = 3_000;
  public static final int FIELDS = 10;
  public static final int FIELD_TEXT = 2_000;
  public static final int HEADER_TEXT = 150;
  public static final int BLOCK_ID = 255;
  public static final int CONTEXT_ELEMENTS = 10;
  public static final int TEXT = 40_000;

  private BlockKitLimits() {}

  /** One broken limit: the Slack error code it causes and where. */
  public record Violation(String error, String where) {
    @Override
    public String toString() {
      return error + " (" + where + ")";
    }
  }

  /** Everything wrong with a message of {@code text} and {@code blocks} (either may be null). */
  public static List<Violation> check(String text, JsonArray blocks) {
    List<Violation> v = new ArrayList<>();
    if (text == null || text.isBlank()) {
      v.add(new Violation("no_text", "text is missing: Slack needs it as the fallback"));
    } else if (text.length() > TEXT) {
      v.add(new Violation("msg_too_long", "text has " + text.length() + " chars > " + TEXT));
    }
    if (blocks == null) {
      return v;
    }
    if (blocks.size() > MAX_BLOCKS) {
      v.add(new Violation("invalid_blocks", blocks.size() + " blocks > " + MAX_BLOCKS));
    }
    for (int i = 0; i < blocks.size(); i++) {
      Object o = blocks.getValue(i);
      if (!(o instanceof JsonObject b)) {
        v.add(new Violation("invalid_blocks_format", "blocks[" + i + "] is not an object"));
        continue;
      }
      block(b, "blocks[" + i + "]", v);
    }
    return v;
  }

  private static void block(JsonObject b, String at, List<Violation> v) {
    String id = b.getString("block_id");
    if (id != null && id.length() > BLOCK_ID) {
      v.add(new Violation("invalid_blocks", at + ".block_id longer than " + BLOCK_ID));
    }
    String type = String.valueOf(b.getValue("type"));
    switch (type) {
      case "header" -> {
        String t = text(b.getValue("text"), at + ".text", v);
        if (!(b.getValue("text") instanceof JsonObject o
            && "plain_text".equals(o.getString("type")))) {
          v.add(new Violation("invalid_blocks", at + ".text must be plain_text"));
        }
        max(t, HEADER_TEXT, at + ".text", v);
      }
      case "section" -> {
        JsonArray fields = b.getJsonArray("fields");
        if (b.getValue("text") == null && (fields == null || fields.isEmpty())) {
          v.add(new Violation("invalid_blocks", at + " has neither text nor fields"));
        }
        if (b.getValue("text") != null) {
          max(text(b.getValue("text"), at + ".text", v), SECTION_TEXT, at + ".text", v);
        }
        if (fields != null) {
          if (fields.size() > FIELDS) {
            v.add(new Violation("invalid_blocks", at + " has " + fields.size() + " fields"));
          }
          for (int i = 0; i < fields.size(); i++) {
            String where = at + ".fields[" + i + "]";
            max(text(fields.getValue(i), where, v), FIELD_TEXT, where, v);
          }
        }
      }
      case "context" -> {
        JsonArray els = b.getJsonArray("elements");
        if (els == null || els.isEmpty() || els.size() > CONTEXT_ELEMENTS) {
          v.add(new Violation("invalid_blocks", at + ".elements must have 1 to 10 items"));
        } else {
          for (int i = 0; i < els.size(); i++) {
            String where = at + ".elements[" + i + "]";
            max(text(els.getValue(i), where, v), SECTION_TEXT, where, v);
          }
        }
      }
      case "divider" -> {}
      case "actions" -> {
        // Block Kit: an actions block holds 1 to 25 interactive elements; a button's text is
        // plain_text of at most 75 chars, its action_id at most 255, its value at most 2000, its
        // style primary or danger
        JsonArray els = b.getJsonArray("elements");
        if (els == null || els.isEmpty() || els.size() > 25) {
          v.add(new Violation("invalid_blocks", at + ".elements must have 1 to 25 items"));
          return;
        }
        for (int i = 0; i < els.size(); i++) {
          String where = at + ".elements[" + i + "]";
          JsonObject e = els.getJsonObject(i);
          if (e == null || !"button".equals(e.getString("type"))) {
            v.add(new Violation("invalid_blocks", where + " is not a button"));
            continue;
          }
          if (!(e.getValue("text") instanceof JsonObject t
              && "plain_text".equals(t.getString("type")))) {
            v.add(new Violation("invalid_blocks", where + ".text must be plain_text"));
          }
          max(text(e.getValue("text"), where + ".text", v), 75, where + ".text", v);
          max(String.valueOf(e.getString("action_id", "")), 255, where + ".action_id", v);
          max(String.valueOf(e.getString("value", "")), 2000, where + ".value", v);
          String style = e.getString("style");
          if (style != null && !style.equals("primary") && !style.equals("danger")) {
            v.add(new Violation("invalid_blocks", where + ".style must be primary or danger"));
          }
        }
      }
      default -> v.add(new Violation("invalid_blocks", at + " has unknown type '" + type + "'"));
    }
  }

  private static String text(Object o, String at, List<Violation> v) {
    if (o instanceof JsonObject t
        && ("mrkdwn".equals(t.getString("type")) || "plain_text".equals(t.getString("type")))
        && t.getValue("text") instanceof String s) {
      if (s.isEmpty()) {
        v.add(new Violation("invalid_blocks", at + " is empty"));
      }
      return s;
    }
    v.add(new Violation("invalid_blocks", at + " is not a text object"));
    return "";
  }

  private static void max(String s, int max, String at, List<Violation> v) {
    if (s.length() > max) {
      v.add(new Violation("invalid_blocks", at + " has " + s.length() + " chars > " + max));
    }
  }
}

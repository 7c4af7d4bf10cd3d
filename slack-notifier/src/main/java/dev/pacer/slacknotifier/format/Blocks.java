package dev.pacer.slacknotifier.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Block Kit blocks as JSON-like maps (key order kept, so the rendered JSON is stable), and the text
 * helpers every message uses. Every builder truncates to Slack's limit for that field.
 */
public final class Blocks {
  public static final int SECTION_TEXT = 3_000;
  public static final int HEADER_TEXT = 150;
  public static final int FIELD_TEXT = 2_000;
  public static final int FIELDS = 10;
  public static final int CONTEXT_ELEMENTS = 10;

  private Blocks() {}

  public static Map<String, Object> header(String plainText) {
    return block("header", "text", plain(cut(plainText, HEADER_TEXT)));
  }

  public static Map<String, Object> section(String mrkdwn) {
    return block("section", "text", mrkdwn(cut(mrkdwn, SECTION_TEXT)));
  }

  /** A section of up to 10 two-column fields, each a mrkdwn text. */
  public static Map<String, Object> fields(List<String> mrkdwnFields) {
    List<Map<String, Object>> fs =
        mrkdwnFields.stream().limit(FIELDS).map(f -> mrkdwn(cut(f, FIELD_TEXT))).toList();
    return block("section", "fields", fs);
  }

  public static Map<String, Object> context(String... mrkdwn) {
    List<Map<String, Object>> els =
        java.util.Arrays.stream(mrkdwn)
            .filter(s -> s != null && !s.isBlank())
            .limit(CONTEXT_ELEMENTS)
            .map(s -> mrkdwn(cut(s, SECTION_TEXT)))
            .toList();
    return block("context", "elements", els);
  }

  /**
   * An actions block of buttons: each {@code {text, action_id, value, style}} ({@code style}
   * primary, danger or null), text cut to Slack's 75 characters.
   */
  public static Map<String, Object> buttons(List<List<String>> buttons) {
    List<Map<String, Object>> els = new java.util.ArrayList<>();
    for (List<String> b : buttons) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("type", "button");
      e.put("text", plain(cut(b.get(0), 75)));
      e.put("action_id", b.get(1));
      e.put("value", b.get(2));
      if (b.size() > 3 && b.get(3) != null) {
        e.put("style", b.get(3));
      }
      els.add(e);
    }
    return block("actions", "elements", els);
  }

  public static Map<String, Object> divider() {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("type", "divider");
    return b;
  }

  /** {@code s} in Slack's mrkdwn, with the three characters it reserves escaped. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Inline code: {@code `s`}, escaped, with backticks inside replaced so they cannot end it. */
  public static String code(String s) {
    return "`" + esc(s).replace('`', '\'') + "`";
  }

  /** At most {@code max} characters, ending with an ellipsis when cut. */
  public static String cut(String s, int max) {
    if (s == null) {
      return "";
    }
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return s.substring(0, end) + "…";
  }

  private static Map<String, Object> block(String type, String key, Object value) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("type", type);
    b.put(key, value);
    return b;
  }

  private static Map<String, Object> mrkdwn(String text) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("type", "mrkdwn");
    t.put("text", text.isEmpty() ? " " : Human.mrkdwn(text));
    return t;
  }

  private static Map<String, Object> plain(String text) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("type", "plain_text");
    t.put("text", text.isEmpty() ? " " : Human.plainText(text));
    return t;
  }
}

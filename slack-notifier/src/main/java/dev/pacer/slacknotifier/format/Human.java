package dev.pacer.slacknotifier.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person reads in Slack: a moment as Slack's {@code <!date^…>} (in the reader's own time
 * zone) with a plain UTC fallback, never an ISO string to the nanosecond; a failure's words, never
 * a Java exception's class name. Text inside {@code `code`} stays as it is (a config diff is data).
 */
public final class Human {
  private Human() {}

  private static final Pattern INSTANT =
      Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?Z\\b");

  /** {@code dev.pacer.common.marathon.MarathonException$Unavailable: } and the like. */
  private static final Pattern EXCEPTION =
      Pattern.compile(
          "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:\\$[A-Za-z0-9_]+)*"
              + "(?:Exception|Error|Throwable)(?:\\$[A-Za-z0-9_]+)*(?::\\s*|\\b)");

  private static final DateTimeFormatter PLAIN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** A moment for a notification's plain text: {@code 2026-12-03 15:32 UTC}. */
  public static String plain(Instant t) {
    return PLAIN.format(t);
  }

  /** A moment in mrkdwn: {@code <!date^1764775920^{date_short_pretty} at {time}|2026-12-03 …>}. */
  public static String date(Instant t) {
    return "<!date^" + t.getEpochSecond() + "^{date_short_pretty} at {time}|" + plain(t) + ">";
  }

  /** For the top-level {@code text}: moments in plain UTC, no exception class names. */
  public static String plainText(String s) {
    return outsideCode(s, false);
  }

  /** For mrkdwn blocks: moments as Slack dates, no exception class names. */
  public static String mrkdwn(String s) {
    return outsideCode(s, true);
  }

  private static String outsideCode(String s, boolean slackDates) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    String[] parts = s.split("(?=```)|(?<=```)", -1);
    boolean inBlock = false;
    for (String part : parts) {
      if (part.equals("```")) {
        inBlock = !inBlock;
        out.append(part);
      } else if (inBlock) {
        out.append(part);
      } else {
        out.append(outsideInlineCode(part, slackDates));
      }
    }
    return out.toString();
  }

  private static String outsideInlineCode(String s, boolean slackDates) {
    StringBuilder out = new StringBuilder();
    String[] parts = s.split("`", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('`');
      }
      out.append(i % 2 == 1 ? parts[i] : words(parts[i], slackDates));
    }
    return out.toString();
  }

  private static String words(String s, boolean slackDates) {
    String noClasses = EXCEPTION.matcher(s).replaceAll("");
    Matcher m = INSTANT.matcher(noClasses);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      try {
        Instant t =
            Instant.parse(m.group().length() == 17 ? m.group().replace("Z", ":00Z") : m.group());
        replacement = slackDates ? date(t) : plain(t);
      } catch (DateTimeParseException e) {
        replacement = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}

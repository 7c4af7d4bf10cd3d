package dev.pacer.autoscaler.backtest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --from} and {@code --until}: {@code now}; Graphite's relative times ({@code -7d}, {@code
 * -12h}, {@code -30min}, {@code -90s}, {@code -2w}); an ISO-8601 instant ({@code
 * 2026-11-20T00:00:00Z}); or epoch seconds. Pure.
 */
public final class Times {
  private static final Pattern RELATIVE =
      Pattern.compile(
          "-(\\d+)\\s*(s|sec|secs|seconds?|min|mins|minutes?|h|hours?|d|days?|w|weeks?)");

  private Times() {}

  /**
   * @throws IllegalArgumentException naming what was wrong
   */
  public static Instant parse(String text, Instant now, String option) {
    String s = text.strip().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("now")) {
      return now;
    }
    Matcher m = RELATIVE.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2);
      long seconds =
          unit.startsWith("w")
              ? n * 7 * 86_400
              : unit.startsWith("d")
                  ? n * 86_400
                  : unit.startsWith("h") ? n * 3_600 : unit.startsWith("m") ? n * 60 : n;
      return now.minusSeconds(seconds);
    }
    if (s.matches("\\d{9,11}")) {
      return Instant.ofEpochSecond(Long.parseLong(s));
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          option
              + " '"
              + text
              + "': expected now, a relative time such as -7d, -12h or -30min, an ISO-8601"
              + " instant such as 2026-11-20T00:00:00Z, or epoch seconds");
    }
  }

  /** {@code 0s}, {@code 15m}, {@code 1h30m}, {@code 2d3h}: the table's durations. */
  public static String human(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long[] units = {86_400, 3_600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s >= units[i]) {
        b.append(s / units[i]).append(names[i]);
        s %= units[i];
      }
    }
    return b.toString();
  }
}

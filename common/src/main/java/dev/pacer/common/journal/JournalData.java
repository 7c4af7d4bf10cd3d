package dev.pacer.common.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading an entry's data, as its JSON gives it (maps, lists, numbers, strings), in words. */
public final class JournalData {
  private JournalData() {}

  static String num(Object o) {
    if (o instanceof Number n) {
      double v = n.doubleValue();
      return v == Math.rint(v)
          ? String.valueOf((long) v)
          : String.valueOf(Math.round(v * 1e4) / 1e4);
    }
    return String.valueOf(o);
  }

  public static String pct(Object o) {
    return o instanceof Number n ? Math.round(n.doubleValue() * 100) + " %" : "none";
  }

  static Optional<Instant> instant(Object o) {
    if (o instanceof Instant i) {
      return Optional.of(i);
    }
    try {
      return o == null ? Optional.empty() : Optional.of(Instant.parse(String.valueOf(o)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }
}

package dev.pacer.common.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.common.journal.JournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series of a subject's chart, from its journal (oldest first) and its present state: for an
 * app, the metric's value at each decision, the band ({@code down}, {@code up}) and the instances
 * (the seed's figure: the instance count follows the metric); for a pool, the free fractions and
 * the desired agents. Columns of equal length, as uPlot takes them. Pure.
 */
final class Charts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Charts() {}

  static Map<String, List<Object>> app(
      List<JournalEntry> newestFirst, Map<String, Object> state, Instant now) {
    Map<String, List<Object>> c = columns("t", "value", "down", "up", "instances");
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JournalEntry e = newestFirst.get(i);
      if (!e.type().startsWith("pacer.scale.")) {
        continue;
      }
      Map<String, Object> d = e.data();
      Object instances = e.type().equals("pacer.scale.applied") ? d.get("to") : d.get("instances");
      add(c, e.at(), d.get("value"), d.get("down"), d.get("up"), instances);
    }
    if (state.get("autoscale") instanceof Map<?, ?> a && a.get("instances") != null) {
      add(c, now, a.get("value"), a.get("down"), a.get("up"), a.get("instances"));
    }
    return c;
  }

  static Map<String, List<Object>> pool(List<JournalEntry> newestFirst) {
    Map<String, List<Object>> c = columns("t", "free-cpus", "free-mem", "desired");
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JournalEntry e = newestFirst.get(i);
      if (e.data().get("inputs") instanceof Map<?, ?> in) {
        Object desired = e.data().containsKey("to") ? e.data().get("to") : in.get("desired");
        add(c, e.at(), in.get("free-cpus"), in.get("free-mem"), desired);
      }
    }
    return c;
  }

  private static Map<String, List<Object>> columns(String... names) {
    Map<String, List<Object>> c = new LinkedHashMap<>();
    for (String n : names) {
      c.put(n, new ArrayList<>());
    }
    return c;
  }

  private static void add(Map<String, List<Object>> c, Instant at, Object... values) {
    var cols = new ArrayList<>(c.values());
    cols.get(0).add(at.toEpochMilli() / 1000.0);
    for (int i = 0; i < values.length; i++) {
      cols.get(i + 1).add(values[i] instanceof Number n ? n : null);
    }
  }

  /** JSON to embed in a {@code <script>}: a {@code <} can never close it. */
  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

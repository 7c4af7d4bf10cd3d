package dev.pacer.common.ui;

import dev.pacer.common.journal.StateViews;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The overview's rows of apps: filtered by id and hold kind, one page at a time. Pure. */
final class Rows {
  private Rows() {}

  /** The hold kinds a filter can ask for (the autoscaler's, as its events say them). */
  static final List<String> HOLDS =
      List.of(
          "cooldown",
          "no_data",
          "paused",
          "at_bound",
          "in_band",
          "stabilizing",
          "deploying",
          "locked",
          "failed",
          "suspended");

  record Page(List<Map<String, Object>> rows, int matching, int total, int page, int pages) {}

  static Page page(StateViews views, String q, String hold, int page, int size) {
    String needle = q.toLowerCase(Locale.ROOT);
    var ids = views.appIds();
    List<String> matching = new ArrayList<>();
    for (String id : ids) {
      if (!needle.isEmpty() && !id.toLowerCase(Locale.ROOT).contains(needle)) {
        continue;
      }
      if (!hold.isEmpty() && !hold.equals(holdOf(views.app(id)))) {
        continue;
      }
      matching.add(id);
    }
    int pages = Math.max(1, (matching.size() + size - 1) / size);
    int p = Math.min(page, pages);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String id : matching.subList((p - 1) * size, Math.min(matching.size(), p * size))) {
      rows.add(row(id, views.app(id)));
    }
    return new Page(rows, matching.size(), ids.size(), p, pages);
  }

  static List<Map<String, Object>> holdKinds(String selected) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String h : HOLDS) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", h);
      m.put("selected", h.equals(selected));
      out.add(m);
    }
    return out;
  }

  private static String holdOf(Map<String, Object> state) {
    return state.get("autoscale") instanceof Map<?, ?> a && a.get("hold") != null
        ? String.valueOf(a.get("hold"))
        : "";
  }

  /**
   * One app's row: its autodeploy pattern, image and last deploy; its autoscale band, value,
   * instances, bounds and hold; its pause.
   */
  static Map<String, Object> row(String id, Map<String, Object> state) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("href", "/ui/apps" + id);
    if (state.get("autodeploy") instanceof Map<?, ?> d) {
      r.put("pattern", d.get("pattern"));
      if (d.get("in-flight") instanceof Map<?, ?> f) {
        r.put("image", f.get("image"));
        r.put("deploy", "deploying");
      } else if (d.get("last") instanceof Map<?, ?> last) {
        r.put("image", last.get("image"));
        r.put("deploy", last.get("outcome"));
        r.put("deployAt", last.get("at"));
      }
    }
    if (state.get("autoscale") instanceof Map<?, ?> a) {
      r.put("band", a.get("down") == null ? null : a.get("down") + "–" + a.get("up"));
      r.put("value", a.get("value"));
      r.put("instances", a.get("instances"));
      r.put("to", a.get("to")); // scaled (or would in a dry run) to this count
      r.put("bounds", a.get("min") == null ? null : a.get("min") + "–" + a.get("max"));
      r.put("hold", a.get("hold"));
      r.put("decision", a.get("decision"));
    }
    if (state.get("pause") instanceof Map<?, ?> p) {
      r.put("paused", p.get("describe"));
    }
    return r;
  }
}

package dev.pacer.slacknotifier.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The config diff of a deployment: the fields of a Marathon app definition that differ between two
 * versions, by dotted path ({@code container.docker.image}, {@code env.LOG_LEVEL}, {@code
 * portMappings[0].hostPort}), and their rendering as a compact Slack message that keeps within
 * Slack's limits however large the change. Marathon's own bookkeeping ({@code version}, {@code
 * versionInfo}, counts, tasks, deployments) and the labels Pacer writes itself ({@code pacer.*})
 * are not part of it. A multi-line string (a {@code cmd}, say) is compared line by line.
 */
public final class ConfigDiff {
  static final Set<String> IGNORED =
      Set.of(
          "version",
          "versionInfo",
          "deployments",
          "tasks",
          "tasksStaged",
          "tasksRunning",
          "tasksHealthy",
          "tasksUnhealthy",
          "lastTaskFailure",
          "taskStats",
          "readiness");
  static final int LINE = 200;
  static final int BUDGET = 9_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigDiff() {}

  /** One changed field: its value before and after, null when absent on that side. */
  public record Change(String path, Object before, Object after) {}

  public static List<Change> between(Map<String, Object> before, Map<String, Object> after) {
    List<Change> out = new ArrayList<>();
    object("", before == null ? Map.of() : before, after == null ? Map.of() : after, out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void object(
      String at, Map<String, Object> a, Map<String, Object> b, List<Change> out) {
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      if (at.isEmpty() && IGNORED.contains(k)) {
        continue;
      }
      if (at.equals("labels") && k.startsWith("pacer.")) {
        continue;
      }
      value(at.isEmpty() ? k : at + "." + k, a.get(k), b.get(k), out);
    }
  }

  @SuppressWarnings("unchecked")
  private static void value(String at, Object a, Object b, List<Change> out) {
    if (Objects.equals(a, b)
        || (a instanceof Number x && b instanceof Number y && x.doubleValue() == y.doubleValue())) {
      return;
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      object(at, (Map<String, Object>) ma, (Map<String, Object>) mb, out);
    } else if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
      for (int i = 0; i < la.size(); i++) {
        value(at + "[" + i + "]", la.get(i), lb.get(i), out);
      }
    } else {
      out.add(new Change(at, a, b));
    }
  }

  /** The diff as a thread reply: a title, then the changes in code blocks, within the limits. */
  public static SlackMessage render(String appId, String from, String to, List<Change> changes) {
    String title =
        changes.isEmpty()
            ? "No config change besides the image bookkeeping"
            : changes.size() + " field" + (changes.size() == 1 ? "" : "s") + " changed";
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(
        Blocks.section(
            ":memo: *Config diff* "
                + Blocks.code(appId)
                + " "
                + Blocks.code(from)
                + " → "
                + Blocks.code(to)
                + ": "
                + title));
    List<String> lines = new ArrayList<>();
    for (Change c : changes) {
      lines.addAll(lines(c));
    }
    int used = 0;
    int shown = 0;
    StringBuilder chunk = new StringBuilder();
    for (String line : lines) {
      String l = Blocks.esc(Blocks.cut(line, LINE)).replace("```", "'''") + "\n";
      if (used + l.length() > BUDGET) {
        break;
      }
      if (chunk.length() + l.length() + 8 > Blocks.SECTION_TEXT) {
        blocks.add(Blocks.section("```" + chunk + "```"));
        chunk.setLength(0);
      }
      chunk.append(l);
      used += l.length();
      shown++;
    }
    if (chunk.length() > 0) {
      blocks.add(Blocks.section("```" + chunk + "```"));
    }
    if (shown < lines.size()) {
      blocks.add(
          Blocks.context(
              "… "
                  + (lines.size() - shown)
                  + " more diff lines not shown; the whole versions: "
                  + Blocks.code("GET /v2/apps" + appId + "/versions/" + to)));
    }
    return SlackMessage.of(
        "Config diff of " + appId + " (" + from + " → " + to + "): " + title, blocks);
  }

  private static List<String> lines(Change c) {
    List<String> out = new ArrayList<>();
    if (c.before() instanceof String sa
        && c.after() instanceof String sb
        && (sa.contains("\n") || sb.contains("\n"))) {
      String[] a = sa.split("\n", -1);
      String[] b = sb.split("\n", -1);
      int pre = 0;
      while (pre < a.length && pre < b.length && a[pre].equals(b[pre])) {
        pre++;
      }
      int suf = 0;
      while (suf < a.length - pre
          && suf < b.length - pre
          && a[a.length - 1 - suf].equals(b[b.length - 1 - suf])) {
        suf++;
      }
      out.add(c.path() + " (lines " + (pre + 1) + "–" + (Math.max(a.length, b.length) - suf) + ")");
      for (int i = pre; i < a.length - suf; i++) {
        out.add("- " + a[i]);
      }
      for (int i = pre; i < b.length - suf; i++) {
        out.add("+ " + b[i]);
      }
      return out;
    }
    out.add(c.path());
    if (c.before() != null) {
      out.add("- " + json(c.before()));
    }
    if (c.after() != null) {
      out.add("+ " + json(c.after()));
    }
    return out;
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      return String.valueOf(o);
    }
  }
}

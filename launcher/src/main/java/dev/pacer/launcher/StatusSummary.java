package dev.pacer.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pacer status} for a person: a running Pacer's {@code /status} as a few lines. Which
 * daemons run, the pauses, the apps holding or failing (an app in its band, or whose last deploy
 * succeeded, is not news), and the pools. {@code --json} prints the document itself.
 */
final class StatusSummary {
  private StatusSummary() {}

  static String render(JsonObject s) {
    List<String> out = new ArrayList<>();
    Instant now = instant(s.getString("time"));
    JsonObject ha = s.getJsonObject("ha", new JsonObject());
    JsonObject process = s.getJsonObject("process", new JsonObject());
    out.add(
        "Pacer "
            + ha.getString("id", "?")
            + " ("
            + (ha.getBoolean("leader", false) ? "leader" : "follower")
            + ", "
            + ha.getString("mode", "?")
            + "), up "
            + ago(instant(s.getString("started-at")), now)
            + ", events on "
            + process.getString("events-backend", "?")
            + ", Marathon "
            + String.join(" ", strings(process.getJsonArray("marathon"))));
    JsonObject stream = s.getJsonObject("marathon-events");
    if (stream != null) {
      out.add(
          "Marathon event stream: "
              + (stream.getBoolean("connected", false) ? "connected" : "NOT connected")
              + " ("
              + stream.getValue("events", 0)
              + " events, "
              + stream.getValue("connects", 0)
              + " connects)"
              + (stream.getString("last-error") == null
                  ? ""
                  : "; last error: " + stream.getString("last-error")));
    }
    List<String> daemons = new ArrayList<>();
    for (String d : strings(process.getJsonArray("daemons"))) {
      JsonObject part = s.getJsonObject(d, new JsonObject());
      daemons.add(d + " " + part.getString("state", part.getString("error", "?")));
    }
    out.add("Daemons: " + (daemons.isEmpty() ? "none enabled" : String.join(", ", daemons)));
    pauses(out, s.getJsonArray("pauses", new JsonArray()), now);
    autodeployer(out, s.getJsonObject("autodeployer"));
    autoscaler(out, s.getJsonObject("autoscaler"));
    pools(out, s.getJsonObject("agent-scaler"));
    slack(out, s.getJsonObject("slack-notifier"));
    return String.join("\n", out);
  }

  private static void pauses(List<String> out, JsonArray pauses, Instant now) {
    if (pauses.isEmpty()) {
      out.add("Pauses: none");
      return;
    }
    out.add("Pauses (" + pauses.size() + "):");
    for (Object o : pauses) {
      JsonObject p = (JsonObject) o;
      Instant until = instant(p.getString("until"));
      out.add(
          "  "
              + p.getString("scope", "?")
              + " until "
              + p.getString("until", "?")
              + (until == null || now == null
                  ? ""
                  : " (" + human(Duration.between(now, until)) + " left)")
              + " by "
              + p.getString("who", "?")
              + (p.getString("reason", "").isEmpty() ? "" : ": " + p.getString("reason")));
    }
  }

  private static void autodeployer(List<String> out, JsonObject a) {
    if (a == null) {
      return;
    }
    out.add(
        "Autodeployer: "
            + a.getValue("watched", 0)
            + " apps watched, "
            + a.getValue("in-flight", 0)
            + " deploying, "
            + a.getValue("waiting-for-tag", 0)
            + " waiting for their tag, "
            + a.getValue("retrying", 0)
            + " retrying, "
            + a.getValue("queued", 0)
            + " queued");
    JsonObject apps = a.getJsonObject("apps", new JsonObject());
    for (Map.Entry<String, Object> e : apps) {
      if (!(e.getValue() instanceof JsonObject app)) {
        continue;
      }
      JsonObject last = app.getJsonObject("last");
      String outcome = last == null ? "" : last.getString("outcome", "");
      JsonObject inFlight = app.getJsonObject("in-flight");
      JsonObject waiting = app.getJsonObject("waiting-for-tag");
      JsonObject retrying = app.getJsonObject("retrying");
      if (inFlight != null) {
        out.add(
            "  "
                + e.getKey()
                + ": deploying "
                + inFlight.getString("image", "?")
                + " (deployment "
                + inFlight.getString("deployment", "?")
                + ")");
      } else if (waiting != null) {
        out.add(
            "  "
                + e.getKey()
                + ": waiting for "
                + waiting.getString("image", "?")
                + " to show up in the registry ("
                + waiting.getValue("checks", "?")
                + " checks since "
                + waiting.getString("since", "?")
                + ")");
      } else if (retrying != null) {
        out.add(
            "  "
                + e.getKey()
                + ": retrying "
                + retrying.getString("image", "?")
                + " ("
                + retrying.getValue("attempts", "?")
                + " attempts since "
                + retrying.getString("since", "?")
                + "; last error: "
                + retrying.getString("last-error", "?")
                + ")");
      } else if (!outcome.isEmpty() && !outcome.equals("succeeded")) {
        out.add(
            "  "
                + e.getKey()
                + ": "
                + outcome.replace('_', ' ')
                + ", "
                + last.getString("image", "?")
                + reason(last.getString("reason", ""))
                + " at "
                + last.getString("at", "?"));
      }
      if (app.getString("queued") != null) {
        out.add("    then " + app.getString("queued") + " (queued)");
      }
    }
    invalid(out, a.getJsonObject("skipped"));
  }

  private static void autoscaler(List<String> out, JsonObject a) {
    if (a == null) {
      return;
    }
    JsonObject last = a.getJsonObject("last-cycle", new JsonObject());
    out.add(
        "Autoscaler: "
            + a.getValue("apps", 0)
            + " apps; last cycle "
            + last.getString("started", "not yet")
            + (last.isEmpty()
                ? ""
                : " ("
                    + last.getValue("scaled", 0)
                    + " scaled, "
                    + last.getValue("held", 0)
                    + " held, "
                    + last.getValue("invalid", 0)
                    + " invalid)"));
    JsonObject apps = a.getJsonObject("app-states", new JsonObject());
    for (Map.Entry<String, Object> e : apps) {
      if (!(e.getValue() instanceof JsonObject app)) {
        continue;
      }
      String hold = app.getString("hold", "");
      if (hold.isEmpty() || hold.equals("in_band")) {
        continue; // scaling, or nothing to do: not news
      }
      out.add(
          "  "
              + e.getKey()
              + " at "
              + app.getValue("instances", "?")
              + " ("
              + app.getValue("min", "?")
              + "-"
              + app.getValue("max", "?")
              + "), holding: "
              + hold.replace('_', ' ')
              + reason(app.getString("reason", "")));
    }
    invalid(out, a.getJsonObject("skipped"));
  }

  private static void pools(List<String> out, JsonObject a) {
    if (a == null) {
      return;
    }
    JsonObject pools = a.getJsonObject("pools", new JsonObject());
    out.add("Agent pools: " + (pools.isEmpty() ? a.getString("note", "none") : pools.size()));
    for (Map.Entry<String, Object> e : pools) {
      if (!(e.getValue() instanceof JsonObject p)) {
        continue;
      }
      out.add(
          "  "
              + e.getKey()
              + ": "
              + p.getValue("agents", "?")
              + " agents, "
              + p.getValue("desired", "?")
              + " desired, free "
              + free(p)
              + "; "
              + p.getString("action", p.getString("decision", "?"))
              + reason(p.getString("reason", "")));
    }
  }

  private static void slack(List<String> out, JsonObject a) {
    if (a == null) {
      return;
    }
    long failed = 0;
    long dropped = 0;
    for (Map.Entry<String, Object> e : a.getJsonObject("channels", new JsonObject())) {
      if (e.getValue() instanceof JsonObject c) {
        failed += c.getLong("failed", 0L);
        dropped += c.getLong("dropped", 0L);
      }
    }
    out.add(
        "Slack: "
            + a.getString("mode", "?")
            + " mode, "
            + a.getJsonObject("channels", new JsonObject()).size()
            + " channels, "
            + failed
            + " failed, "
            + dropped
            + " dropped");
  }

  private static String free(JsonObject pool) {
    JsonObject total = pool.getJsonObject("total", new JsonObject());
    JsonObject free = pool.getJsonObject("free", new JsonObject());
    List<String> parts = new ArrayList<>();
    for (String r : List.of("cpus", "mem", "disk")) {
      double t = number(total.getValue(r));
      if (t > 0) {
        parts.add(r + " " + Math.round(100 * number(free.getValue(r)) / t) + " %");
      }
    }
    return parts.isEmpty() ? "?" : String.join(", ", parts);
  }

  private static void invalid(List<String> out, JsonObject skipped) {
    if (skipped == null) {
      return;
    }
    skipped.forEach(e -> out.add("  " + e.getKey() + ": label invalid: " + e.getValue()));
  }

  private static String reason(String r) {
    return r == null || r.isEmpty() ? "" : " (" + r + ")";
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) {
      a.forEach(o -> out.add(String.valueOf(o)));
    }
    return out;
  }

  private static Instant instant(String s) {
    try {
      return s == null ? null : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String ago(Instant then, Instant now) {
    return then == null || now == null ? "?" : human(Duration.between(then, now));
  }

  /** 42 s, 9 min, 3 h 5 min, 2 d 4 h. */
  static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    if (s < 86400) {
      return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
    return String.format(Locale.ROOT, "%d d %d h", s / 86400, s % 86400 / 3600);
  }
}

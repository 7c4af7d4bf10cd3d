package dev.pacer.testkit.marathon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The shapes of Marathon's JSON that the simulated Marathon builds: pure helpers. */
final class SimShapes {
  private SimShapes() {}

  static JsonObject withDefaults(
      JsonObject d, String version, String lastScaling, String lastConfig) {
    if (!d.containsKey("instances")) {
      d.put("instances", 1);
    }
    if (!d.containsKey("labels") || d.getValue("labels") == null) {
      d.put("labels", new JsonObject());
    }
    for (String k : List.of("cpus", "mem")) {
      if (!d.containsKey(k)) {
        d.put(k, k.equals("cpus") ? 1 : 128);
      }
    }
    d.put("version", version);
    d.put(
        "versionInfo",
        new JsonObject().put("lastScalingAt", lastScaling).put("lastConfigChangeAt", lastConfig));
    return d;
  }

  static Set<String> changedFields(JsonObject before, JsonObject after) {
    Set<String> keys = new java.util.HashSet<>(before.fieldNames());
    keys.addAll(after.fieldNames());
    keys.removeAll(Set.of("version", "versionInfo"));
    Set<String> changed = new java.util.TreeSet<>();
    for (String k : keys) {
      if (!java.util.Objects.equals(before.getValue(k), after.getValue(k))) {
        changed.add(k);
      }
    }
    return changed;
  }

  static JsonArray steps(String appId, String... actions) {
    JsonArray steps = new JsonArray();
    for (String a : actions) {
      steps.add(
          new JsonObject()
              .put(
                  "actions",
                  new JsonArray().add(new JsonObject().put("action", a).put("app", appId))));
    }
    return steps;
  }

  static Map<String, String> labels(JsonObject def) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonObject l = def.getJsonObject("labels");
    if (l != null) {
      l.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return out;
  }

  static final java.time.format.DateTimeFormatter ISO_MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /** Marathon's timestamp form: ISO-8601 UTC, always with millis. */
  static String iso(Instant t) {
    return ISO_MILLIS.format(t);
  }

  static Integer asInt(Object v) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    if (v instanceof String s) {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static SimResponse invalid(String path, String error) {
    return SimResponse.json(
        422,
        new JsonObject()
            .put("message", "Object is not valid")
            .put(
                "details",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("path", path)
                            .put("errors", new JsonArray().add(error)))));
  }

  static SimResponse notFound(String id) {
    return SimResponse.error(404, "App '" + normalize(id) + "' does not exist");
  }

  static String normalize(String id) {
    String s = id.startsWith("/") ? id : "/" + id;
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  static String parentGroup(String appId) {
    int i = appId.lastIndexOf('/');
    return i <= 0 ? "/" : appId.substring(0, i);
  }

  /** The app's tasks, placed on {@code agents} in turn (three made-up agents when empty). */
  static JsonArray tasksFor(
      JsonObject def, String version, String now, java.util.List<CrashingTasks.Agent> agents) {
    JsonArray tasks = new JsonArray();
    String prefix = def.getString("id").substring(1).replace('/', '_');
    for (int i = 0; i < def.getInteger("instances", 0); i++) {
      CrashingTasks.Agent a =
          agents.isEmpty()
              ? new CrashingTasks.Agent("sim-S" + (i % 3), "agent-" + (i % 3 + 1) + ".sim")
              : agents.get(i % agents.size());
      tasks.add(
          new JsonObject()
              .put("id", prefix + "." + UUID.randomUUID())
              .put("appId", def.getString("id"))
              .put("host", a.host())
              .put("ports", new JsonArray().add(31000 + i))
              .put("slaveId", a.slaveId())
              .put("stagedAt", now)
              .put("startedAt", now)
              .put("version", version)
              .put("state", "TASK_RUNNING"));
    }
    return tasks;
  }

  /** {@code lastTaskFailure} as Marathon embeds it (shape of {@code get_app_by_id.http.txt}). */
  static JsonObject lastTaskFailure(JsonObject def, String version, String now) {
    String id = def.getString("id");
    return new JsonObject()
        .put("appId", id)
        .put("host", "agent-1.sim")
        .put("message", "Abnormal executor termination")
        .put("state", "TASK_FAILED")
        .put("taskId", id.substring(1).replace('/', '_') + "." + UUID.randomUUID())
        .put("timestamp", now)
        .put("version", version);
  }

  /** A {@code status_update_event} of a task. */
  static JsonObject statusUpdate(JsonObject task, String appId, String status) {
    return new JsonObject()
        .put("slaveId", task.getString("slaveId"))
        .put("taskId", task.getString("id"))
        .put("taskStatus", status)
        .put("message", "")
        .put("appId", appId)
        .put("host", task.getString("host"))
        .put("ports", task.getJsonArray("ports"))
        .put("version", task.getString("version"));
  }

  /** The task Marathon launches in place of a killed one: a new id, same app and version. */
  static JsonObject replacement(JsonObject killed, String now) {
    String id = killed.getString("id");
    return killed
        .copy()
        .put("id", id.substring(0, id.indexOf('.') + 1) + UUID.randomUUID())
        .put("stagedAt", now)
        .put("startedAt", now);
  }

  /** An app as {@code GET /v2/apps} shows it: counts and deployments, tasks when embedded. */
  static JsonObject rendered(
      JsonObject definition,
      JsonArray tasks,
      JsonObject lastTaskFailure,
      List<String> deploymentIds,
      boolean withTasks) {
    JsonObject o = definition.copy();
    int n = tasks.size();
    boolean health = !o.getJsonArray("healthChecks", new JsonArray()).isEmpty();
    o.put("tasksStaged", 0)
        .put("tasksRunning", n)
        .put("tasksHealthy", health ? n : 0)
        .put("tasksUnhealthy", 0);
    JsonArray deps = new JsonArray();
    deploymentIds.forEach(d -> deps.add(new JsonObject().put("id", d)));
    o.put("deployments", deps);
    if (withTasks) {
      o.put("tasks", tasks.copy());
      if (lastTaskFailure != null) {
        o.put("lastTaskFailure", lastTaskFailure.copy());
      }
    }
    return o;
  }

  /** Sets an app's entry in Marathon's launch queue (shape of {@code queue.json}); 0 removes it. */
  static void queue(JsonArray queue, JsonObject app, int count) {
    String id = app.getString("id");
    queue.getList().removeIf(e -> id.equals(((JsonObject) e).getJsonObject("app").getString("id")));
    if (count > 0) {
      queue.add(
          new JsonObject()
              .put("app", app)
              .put("count", count)
              .put("role", "*")
              .put("delay", new JsonObject().put("timeLeftSeconds", 0).put("overdue", true))
              .put("since", Instant.now().toString()));
    }
  }
}

package dev.pacer.common.marathon;

import dev.pacer.common.json.JsonLists;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Marathon's JSON into Pacer's records: the one place that knows Marathon's field names.
 */
public final class MarathonJson {
  private MarathonJson() {}

  public static MarathonApp app(JsonObject a) {
    String id = a.getString("id");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("Marathon app without an id: " + abbreviate(a.encode()));
    }
    JsonObject versionInfo = a.getJsonObject("versionInfo", new JsonObject());
    return new MarathonApp(
        id,
        intOf(a, "instances"),
        image(a),
        labels(a.getJsonObject("labels")),
        a.getString("version", ""),
        instant(versionInfo.getString("lastScalingAt")),
        instant(versionInfo.getString("lastConfigChangeAt")),
        ids(JsonLists.array(a, "deployments")),
        intOf(a, "tasksRunning"),
        intOf(a, "tasksHealthy"),
        intOf(a, "tasksStaged"),
        intOf(a, "tasksUnhealthy"),
        a.getJsonObject("container"));
  }

  public static List<MarathonApp> apps(JsonObject body) {
    JsonArray arr = body.getJsonArray("apps");
    if (arr == null) {
      throw new IllegalArgumentException(
          "expected {\"apps\": [...]}, got " + abbreviate(body.encode()));
    }
    List<MarathonApp> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      out.add(app(arr.getJsonObject(i)));
    }
    return out;
  }

  /** {@code container.docker.image}, or "" for an app without a Docker image. */
  public static String image(JsonObject app) {
    JsonObject container = app.getJsonObject("container");
    JsonObject docker = container == null ? null : container.getJsonObject("docker");
    return docker == null ? "" : docker.getString("image", "");
  }

  public static List<Deployment> deployments(JsonArray arr) {
    List<Deployment> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      JsonObject d = arr.getJsonObject(i);
      List<String> affected = new ArrayList<>();
      JsonLists.array(d, "affectedApps").forEach(x -> affected.add(String.valueOf(x)));
      List<Deployment.Action> actions = new ArrayList<>();
      for (JsonObject act : JsonLists.objects(d, "currentActions")) {
        actions.add(
            new Deployment.Action(
                act.getString("action", ""), act.getString("app", act.getString("pod", ""))));
      }
      out.add(
          new Deployment(
              d.getString("id"),
              d.getString("version", ""),
              affected,
              intOf(d, "currentStep"),
              intOf(d, "totalSteps"),
              actions));
    }
    return out;
  }

  public static DeploymentRef deploymentRef(JsonObject body, String headerId) {
    String id = body == null ? null : body.getString("deploymentId");
    return new DeploymentRef(
        id != null ? id : headerId, body == null ? "" : body.getString("version", ""));
  }

  /** The ids in {@code [{"id": ...}, ...]}, as in an app's deployments or a 409 body. */
  public static List<String> ids(JsonArray arr) {
    List<String> out = new ArrayList<>();
    if (arr != null) {
      for (int i = 0; i < arr.size(); i++) {
        Object o = arr.getValue(i);
        if (o instanceof JsonObject j && j.getString("id") != null) {
          out.add(j.getString("id"));
        }
      }
    }
    return out;
  }

  /**
   * Marathon's error body {@code {"message", "details"?: [{"path","errors"}]}}, as "path: errors".
   */
  public static List<String> errorDetails(JsonObject body) {
    List<String> out = new ArrayList<>();
    for (Object o : JsonLists.array(body, "details")) {
      out.add(
          o instanceof JsonObject d
              ? d.getString("path", "") + ": " + d.getValue("errors", "")
              : String.valueOf(o));
    }
    return out;
  }

  private static Map<String, String> labels(JsonObject labels) {
    Map<String, String> out = new LinkedHashMap<>();
    if (labels != null) {
      labels.forEach(
          e -> out.put(e.getKey(), e.getValue() == null ? "" : String.valueOf(e.getValue())));
    }
    return out;
  }

  private static int intOf(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (v instanceof String s && !s.isBlank()) {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  static Instant instant(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code GET /v2/queue}: each entry's app id, count, resources and constraints. */
  public static List<QueuedApp> queue(JsonObject body) {
    List<QueuedApp> out = new ArrayList<>();
    for (JsonObject entry : JsonLists.objects(body, "queue")) {
      if (!(entry.getValue("app") instanceof JsonObject app)) {
        continue;
      }
      List<List<String>> constraints = new ArrayList<>();
      for (Object c : JsonLists.array(app, "constraints")) {
        if (c instanceof JsonArray rule) {
          List<String> r = new ArrayList<>();
          rule.forEach(v -> r.add(String.valueOf(v)));
          constraints.add(r);
        }
      }
      out.add(
          new QueuedApp(
              app.getString("id", ""),
              intOf(entry, "count"),
              app.getDouble("cpus", 0.0),
              app.getDouble("mem", 0.0),
              app.getDouble("disk", 0.0),
              constraints));
    }
    return out;
  }

  /** {@code GET /v2/apps/{id}/versions/{version}}. */
  public static AppVersion appVersion(String version, JsonObject def) {
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = (Map<String, Object>) plain(def);
    return new AppVersion(version, image(def), labels(def.getJsonObject("labels")), tree);
  }

  /** {@code GET /v2/apps/{id}}'s app: the record, its minimum health capacity, its last failure. */
  public static AppDetails appDetails(JsonObject a) {
    JsonObject strategy = a.getJsonObject("upgradeStrategy");
    double mhc = strategy == null ? 1.0 : strategy.getDouble("minimumHealthCapacity", 1.0);
    JsonObject f = a.getJsonObject("lastTaskFailure");
    return new AppDetails(
        app(a),
        mhc,
        f == null
            ? java.util.Optional.empty()
            : java.util.Optional.of(
                new AppDetails.TaskFailure(
                    f.getString("state", ""),
                    f.getString("host", ""),
                    f.getString("timestamp", ""),
                    f.getString("message", ""))));
  }

  /** The app an {@code api_post_event} carries: its id and labels. */
  public record PostedApp(String id, Map<String, String> labels) {
    public PostedApp {
      labels = Map.copyOf(labels);
    }
  }

  /**
   * A deployment's end, from Marathon's {@code deployment_success} or {@code deployment_failed}.
   */
  public record DeploymentEnded(String id, boolean succeeded, String reason) {}

  /** The deployment a relayed event ended; empty for any other event, or one without an id. */
  public static java.util.Optional<DeploymentEnded> deploymentEnded(
      dev.pacer.common.events.types.MarathonRelayed e) {
    boolean success = e.eventType().equals("deployment_success");
    if (!success && !e.eventType().equals("deployment_failed")) {
      return java.util.Optional.empty();
    }
    Object id = e.payload().get("id");
    if (id == null || id.toString().isEmpty()) {
      return java.util.Optional.empty();
    }
    Object reason = e.payload().get("reason");
    return java.util.Optional.of(
        new DeploymentEnded(
            id.toString(),
            success,
            success ? "" : reason == null ? "deployment failed" : reason.toString()));
  }

  /**
   * The app of a relayed {@code api_post_event}'s data ({@code appDefinition}), its id falling back
   * to {@code subject}; empty when the event carries no definition.
   */
  public static java.util.Optional<PostedApp> postedApp(Map<String, Object> data, String subject) {
    if (!(data.get("appDefinition") instanceof Map<?, ?> def)) {
      return java.util.Optional.empty();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (def.get("labels") instanceof Map<?, ?> l) {
      l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
    }
    Object id = def.get("id");
    return java.util.Optional.of(new PostedApp(id == null ? subject : id.toString(), labels));
  }

  /** Vert.x's JSON types as plain maps and lists, all the way down. */
  static Object plain(Object v) {
    if (v instanceof JsonObject o) {
      Map<String, Object> m = new LinkedHashMap<>();
      o.forEach(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, x) -> m.put(String.valueOf(k), plain(x)));
      return m;
    }
    if (v instanceof JsonArray a) {
      List<Object> l = new ArrayList<>();
      a.forEach(x -> l.add(plain(x)));
      return l;
    }
    if (v instanceof List<?> list) {
      List<Object> l = new ArrayList<>();
      list.forEach(x -> l.add(plain(x)));
      return l;
    }
    return v;
  }

  static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}

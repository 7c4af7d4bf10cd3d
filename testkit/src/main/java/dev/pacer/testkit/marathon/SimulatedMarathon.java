package dev.pacer.testkit.marathon;

import static dev.pacer.testkit.marathon.SimShapes.asInt;
import static dev.pacer.testkit.marathon.SimShapes.changedFields;
import static dev.pacer.testkit.marathon.SimShapes.invalid;
import static dev.pacer.testkit.marathon.SimShapes.iso;
import static dev.pacer.testkit.marathon.SimShapes.labels;
import static dev.pacer.testkit.marathon.SimShapes.normalize;
import static dev.pacer.testkit.marathon.SimShapes.notFound;
import static dev.pacer.testkit.marathon.SimShapes.steps;
import static dev.pacer.testkit.marathon.SimShapes.withDefaults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The state and rules of the simulated Marathon, after {@code shared/contracts/README.md}: PUT and
 * PATCH replace whole top-level fields; an instances-only change is a ScaleApplication that bumps
 * {@code lastScalingAt}; any other change a RestartApplication that bumps both timestamps; a 409
 * lock (with its {@code deployment_failed} side effect) while a deployment holds the app; DELETE of
 * a deployment reverts it with a new forced deployment. Not thread-safe: the server calls it from
 * one event loop.
 */
final class SimulatedMarathon {
  static final String LOCKED_MESSAGE =
      "App is locked by one or more deployments. Override with the"
          + " option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.";
  private static final Set<String> RESERVED_SUFFIXES = Set.of("restart", "tasks", "versions");

  static final int MAX_VERSIONS = SimApp.MAX_VERSIONS;

  private final Clock clock;
  private final SimEmitter events;
  private final SimulatedDeployments deployments;
  private final Map<String, SimApp> apps = new LinkedHashMap<>();
  private Instant lastVersion = Instant.EPOCH;
  List<CrashingTasks.Agent> agents = List.of();

  SimulatedMarathon(
      Clock clock,
      BiConsumer<String, JsonObject> events,
      Consumer<SimulatedDeployments.Dep> started) {
    this.clock = clock;
    this.events = new SimEmitter(events, clock);
    this.deployments = new SimulatedDeployments(this.events, started);
  }

  void outcome(Outcome o) {
    deployments.outcome(o);
  }

  SimResponse listDeployments() {
    return deployments.list();
  }

  /** Marathon versions are unique timestamps with millis; two changes in one milli get the next. */
  private String nextVersion() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (!now.isAfter(lastVersion)) {
      now = lastVersion.plusMillis(1);
    }
    lastVersion = now;
    return iso(now);
  }

  // ---- reads ------------------------------------------------------------------------------

  JsonObject storedDefinition(String id) {
    SimApp a = apps.get(normalize(id));
    return a == null ? null : a.definition.copy();
  }

  List<String> appIds() {
    return new ArrayList<>(apps.keySet());
  }

  SimResponse listApps(String labelSelector, String idContains, List<String> embed) {
    var selector = labelSelector == null ? null : LabelSelector.parse(labelSelector);
    JsonArray out = new JsonArray();
    for (SimApp a : apps.values()) {
      Map<String, String> labels = labels(a.definition);
      if (selector != null && !selector.test(labels)) {
        continue;
      }
      if (idContains != null
          && !a.definition.getString("id").toLowerCase().contains(idContains.toLowerCase())) {
        continue;
      }
      out.add(rendered(a, embed.contains("apps.tasks")));
    }
    return SimResponse.json(200, new JsonObject().put("apps", out));
  }

  SimResponse getApp(String id) {
    SimApp a = apps.get(normalize(id));
    return a == null
        ? notFound(id)
        : SimResponse.json(200, new JsonObject().put("app", rendered(a, true)));
  }

  JsonArray storedTasks(String id) {
    SimApp a = apps.get(normalize(id));
    return a == null ? new JsonArray() : a.tasks.copy();
  }

  SimResponse tasks(String id) {
    SimApp a = apps.get(normalize(id));
    return a == null
        ? notFound(id)
        : SimResponse.json(200, new JsonObject().put("tasks", a.tasks.copy()));
  }

  SimResponse versions(String id) {
    SimApp a = apps.get(normalize(id));
    return a == null
        ? notFound(id)
        : SimResponse.json(
            200,
            new JsonObject().put("versions", new JsonArray(new ArrayList<>(a.versions.keySet()))));
  }

  SimResponse version(String id, String version) {
    SimApp a = apps.get(normalize(id));
    JsonObject v = a == null ? null : a.versions.get(version);
    return v == null ? notFound(id) : SimResponse.json(200, v.copy());
  }

  List<String> deploymentIds() {
    return deployments.ids();
  }

  // ---- writes -----------------------------------------------------------------------------

  /** Puts an app in place as if it had always been there: no deployment, no events. */
  void seed(JsonObject definition) {
    String id = normalize(definition.getString("id"));
    SimApp a = new SimApp();
    String v = nextVersion();
    a.definition = withDefaults(definition.copy().put("id", id), v, v, v);
    a.versions.put(v, a.definition.copy());
    a.tasks = SimShapes.tasksFor(a.definition, v, now(), agents);
    apps.put(id, a);
  }

  SimResponse create(JsonObject body) {
    String id = body.getString("id");
    if (id == null || id.isBlank()) {
      return invalid("/id", "error.path.missing");
    }
    if (apps.containsKey(normalize(id))) {
      return SimResponse.error(409, "An app with id [" + normalize(id) + "] already exists.");
    }
    SimResponse r = put(id, body, false, true, false);
    if (r.status() != 201) {
      return r;
    }
    JsonObject app = rendered(apps.get(normalize(id)), false);
    return new SimResponse(201, app.toString(), r.headers());
  }

  SimResponse put(String rawId, JsonObject body, boolean force, boolean partial, boolean patch) {
    String id = normalize(rawId);
    String last = id.substring(id.lastIndexOf('/') + 1);
    if (RESERVED_SUFFIXES.contains(last)) {
      return invalid("/id", "id must not end with 'restart', 'tasks' or 'versions'");
    }
    SimApp app = apps.get(id);
    if (app == null && patch) {
      return notFound(id);
    }
    if (body.containsKey("instances")) {
      Integer n = asInt(body.getValue("instances"));
      if (n == null || n < 0) {
        return invalid("/instances", "error.min");
      }
      body.put("instances", n);
    }
    if (app != null) {
      List<String> locking = deployments.locking(id);
      if (!locking.isEmpty() && !force) {
        return deployments.locked(id, locking, now());
      }
      locking.forEach(d -> deployments.cancel(d, "The upgrade has been cancelled"));
    }
    if (body.size() == 1 && body.containsKey("version") && app != null) {
      JsonObject old = app.versions.get(body.getString("version"));
      if (old == null) {
        return SimResponse.error(
            404, "App '" + id + "' does not exist in version " + body.getString("version"));
      }
      body = old.copy();
      body.remove("version");
      body.remove("versionInfo");
      partial = false;
    }
    JsonObject previous = app == null ? null : app.definition.copy();
    JsonObject next;
    if (app != null && partial) {
      next = previous.copy();
      for (String k : body.fieldNames()) {
        next.put(k, body.getValue(k));
      }
    } else {
      next = body.copy();
    }
    next.put("id", id);
    String v = nextVersion();
    JsonArray steps;
    JsonObject versionInfo = previous == null ? null : previous.getJsonObject("versionInfo");
    String lastScaling = versionInfo == null ? v : versionInfo.getString("lastScalingAt");
    String lastConfig = versionInfo == null ? v : versionInfo.getString("lastConfigChangeAt");
    Set<String> changed =
        previous == null ? Set.of() : changedFields(previous, withDefaults(next.copy(), v, v, v));
    if (previous == null) {
      steps = steps(id, "StartApplication", "ScaleApplication");
      lastScaling = v;
      lastConfig = v;
    } else if (changed.isEmpty()) {
      steps = new JsonArray();
    } else if (changed.equals(Set.of("instances"))) {
      steps = steps(id, "ScaleApplication");
      lastScaling = v;
    } else {
      steps = steps(id, "RestartApplication");
      lastScaling = v;
      lastConfig = v;
    }
    SimApp target = app == null ? new SimApp() : app;
    target.definition = withDefaults(next, v, lastScaling, lastConfig);
    target.versions.put(v, target.definition.copy());
    apps.put(id, target);
    events.emit(
        "api_post_event",
        new JsonObject()
            .put("clientIp", "127.0.0.1")
            .put("uri", "/v2/apps" + id)
            .put("appDefinition", target.definition.copy()));
    SimulatedDeployments.Dep d = deployments.start(id, v, steps, previous);
    return new SimResponse(
        app == null ? 201 : 200,
        new JsonObject().put("deploymentId", d.id).put("version", v).toString(),
        app == null
            ? Map.of("Marathon-Deployment-Id", d.id, "Location", "/v2/apps" + id)
            : Map.of("Marathon-Deployment-Id", d.id));
  }

  SimResponse restart(String rawId, boolean force) {
    String id = normalize(rawId);
    SimApp app = apps.get(id);
    if (app == null) {
      return notFound(id);
    }
    List<String> locking = deployments.locking(id);
    if (!locking.isEmpty() && !force) {
      return deployments.locked(id, locking, now());
    }
    locking.forEach(d -> deployments.cancel(d, "The upgrade has been cancelled"));
    String v = nextVersion();
    JsonObject vi = app.definition.getJsonObject("versionInfo");
    JsonObject previous = app.definition.copy();
    app.definition = withDefaults(app.definition.copy(), v, vi.getString("lastScalingAt"), v);
    app.versions.put(v, app.definition.copy());
    SimulatedDeployments.Dep d =
        deployments.start(id, v, steps(id, "RestartApplication"), previous);
    return SimResponse.deployment(d.id, v);
  }

  SimResponse deleteApp(String rawId) {
    String id = normalize(rawId);
    SimApp app = apps.remove(id);
    if (app == null) {
      return notFound(id);
    }
    deployments.locking(id).forEach(d -> deployments.cancel(d, "The upgrade has been cancelled"));
    String v = nextVersion();
    SimulatedDeployments.Dep d =
        deployments.start(id, v, steps(id, "StopApplication"), app.definition);
    events.emit("app_terminated_event", new JsonObject().put("appId", id));
    return SimResponse.deployment(d.id, v);
  }

  SimResponse deleteDeployment(String deploymentId, boolean force) {
    SimulatedDeployments.Dep d = deployments.get(deploymentId);
    if (d == null) {
      return SimResponse.error(404, "DeploymentPlan " + deploymentId + " does not exist");
    }
    deployments.cancel(d.id, "The upgrade has been cancelled");
    if (force) {
      return new SimResponse(202, "", Map.of());
    }
    String v = nextVersion();
    SimApp app = apps.get(d.appId);
    JsonObject previous = app == null ? null : app.definition.copy();
    if (d.previous == null) {
      apps.remove(d.appId);
    } else {
      SimApp target = app == null ? new SimApp() : app;
      JsonObject vi = d.previous.getJsonObject("versionInfo");
      target.definition = withDefaults(d.previous.copy(), v, vi.getString("lastScalingAt"), v);
      target.versions.put(v, target.definition.copy());
      apps.put(d.appId, target);
    }
    SimulatedDeployments.Dep revert =
        deployments.start(d.appId, v, steps(d.appId, "RestartApplication"), previous);
    revert.outcome = Outcome.SUCCESS;
    return SimResponse.deployment(revert.id, v);
  }

  /**
   * {@code POST /v2/tasks/delete?scale=false}: each task is killed and, its app's instances kept, a
   * replacement launched; {@code moved} hears of each (killed task, replacement). Unknown ids are
   * ignored, as Marathon does. Answers {@code {"tasks": [the killed tasks]}}.
   */
  SimResponse killTasks(
      JsonObject body, java.util.function.BiConsumer<JsonObject, JsonObject> moved) {
    JsonArray killed = new JsonArray();
    for (Object id : body.getJsonArray("ids", new JsonArray())) {
      for (SimApp a : apps.values()) {
        for (int i = 0; i < a.tasks.size(); i++) {
          JsonObject t = a.tasks.getJsonObject(i);
          if (t.getString("id").equals(id)) {
            String appId = a.definition.getString("id");
            JsonObject next = SimShapes.replacement(t, now());
            a.tasks.set(i, next);
            killed.add(t);
            events.emit("status_update_event", SimShapes.statusUpdate(t, appId, "TASK_KILLED"));
            events.emit("status_update_event", SimShapes.statusUpdate(next, appId, "TASK_RUNNING"));
            moved.accept(t, next);
          }
        }
      }
    }
    return SimResponse.json(200, new JsonObject().put("tasks", killed));
  }

  /** Whether it is in flight; else the app's {@code lastTaskFailure} is set to {@code f}. */
  boolean inFlight(String deploymentId, String appId, JsonObject f) {
    SimApp app = apps.get(appId);
    if (app != null && f != null) {
      app.lastTaskFailure = f;
    }
    return deployments.get(deploymentId) != null;
  }

  /** Ends a deployment as its outcome says; called by the server's timer. */
  void finish(String deploymentId) {
    SimulatedDeployments.Dep d = deployments.end(deploymentId);
    if (d == null) {
      return;
    }
    SimApp failed = d.outcome == Outcome.SUCCESS ? null : apps.get(d.appId);
    if (failed != null) {
      failed.lastTaskFailure = SimShapes.lastTaskFailure(failed.definition, d.version, now());
    }
    SimApp app = d.outcome == Outcome.SUCCESS ? apps.get(d.appId) : null;
    if (app != null) {
      app.tasks =
          SimShapes.tasksFor(app.definition, app.definition.getString("version"), now(), agents);
      for (Object t : app.tasks) {
        events.emit(
            "status_update_event", SimShapes.statusUpdate((JsonObject) t, d.appId, "TASK_RUNNING"));
      }
    }
    deployments.emitOutcome(d);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private JsonObject rendered(SimApp a, boolean withTasks) {
    return SimShapes.rendered(
        a.definition,
        a.tasks,
        a.lastTaskFailure,
        deployments.locking(a.definition.getString("id")),
        withTasks);
  }

  private String now() {
    return iso(clock.instant());
  }
}

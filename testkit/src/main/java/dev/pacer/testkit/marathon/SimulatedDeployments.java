package dev.pacer.testkit.marathon;

import static dev.pacer.testkit.marathon.SimShapes.parentGroup;
import static dev.pacer.testkit.marathon.SimShapes.steps;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The simulated Marathon's deployments: in flight until the server's timer ends them, locking their
 * app meanwhile, and the events each step emits. Not thread-safe, like {@link SimulatedMarathon}.
 */
final class SimulatedDeployments {
  static final String LOCKED_MESSAGE = SimulatedMarathon.LOCKED_MESSAGE;

  static final class Dep {
    String id;
    String version;
    String appId;
    JsonArray steps;
    JsonObject previous;
    Outcome outcome;
  }

  private final SimEmitter events;
  private final Consumer<Dep> started;
  private final Map<String, Dep> deployments = new LinkedHashMap<>();
  private Outcome outcome = Outcome.SUCCESS;

  SimulatedDeployments(SimEmitter events, Consumer<Dep> started) {
    this.events = events;
    this.started = started;
  }

  void outcome(Outcome o) {
    this.outcome = o;
  }

  List<String> ids() {
    return new ArrayList<>(deployments.keySet());
  }

  Dep get(String id) {
    return deployments.get(id);
  }

  /** Removes a deployment that is due to end; null if gone or stuck (stuck ones never end). */
  Dep end(String id) {
    Dep d = deployments.get(id);
    if (d == null || d.outcome == Outcome.STUCK) {
      return null;
    }
    return deployments.remove(id);
  }

  /** The events of a deployment that ended: step and deployment success, or failure. */
  void emitOutcome(Dep d) {
    JsonObject plan = plan(d);
    boolean ok = d.outcome == Outcome.SUCCESS;
    if (!d.steps.isEmpty()) {
      events.emit(
          ok ? "deployment_step_success" : "deployment_step_failure",
          new JsonObject()
              .put("plan", plan)
              .put("currentStep", d.steps.getJsonObject(ok ? d.steps.size() - 1 : 0)));
    }
    events.emit(
        ok ? "deployment_success" : "deployment_failed",
        new JsonObject().put("id", d.id).put("plan", plan));
  }

  void cancel(String id, String reason) {
    Dep d = deployments.remove(id);
    if (d != null) {
      events.emit(
          "deployment_failed",
          new JsonObject().put("id", d.id).put("plan", plan(d)).put("reason", reason));
    }
  }

  SimResponse list() {
    JsonArray out = new JsonArray();
    for (Dep d : deployments.values()) {
      JsonArray current = new JsonArray();
      JsonArray firstStep =
          d.steps.isEmpty() ? new JsonArray() : d.steps.getJsonObject(0).getJsonArray("actions");
      firstStep.forEach(
          a -> current.add(((JsonObject) a).copy().put("readinessCheckResults", new JsonArray())));
      out.add(
          new JsonObject()
              .put("id", d.id)
              .put("version", d.version)
              .put("affectedApps", new JsonArray().add(d.appId))
              .put("affectedPods", new JsonArray())
              .put("steps", d.steps.copy())
              .put("currentActions", current)
              .put("currentStep", d.steps.isEmpty() ? 0 : 1)
              .put("totalSteps", d.steps.size()));
    }
    return SimResponse.json(200, out);
  }

  Dep start(String appId, String version, JsonArray steps, JsonObject previous) {
    Dep d = new Dep();
    d.id = UUID.randomUUID().toString();
    d.version = version;
    d.appId = appId;
    d.steps = steps;
    d.previous = previous;
    d.outcome = outcome;
    deployments.put(d.id, d);
    events.emit(
        "group_change_success",
        new JsonObject().put("groupId", parentGroup(appId)).put("version", version));
    events.emit(
        "deployment_info",
        new JsonObject()
            .put("plan", plan(d))
            .put(
                "currentStep",
                steps.isEmpty()
                    ? new JsonObject().put("actions", new JsonArray())
                    : steps.getJsonObject(0)));
    started.accept(d);
    return d;
  }

  SimResponse locked(String id, List<String> locking, String now) {
    JsonArray ids = new JsonArray();
    locking.forEach(l -> ids.add(new JsonObject().put("id", l)));
    String planId = UUID.randomUUID().toString();
    JsonObject plan =
        new JsonObject()
            .put("id", planId)
            .put("steps", steps(id, "RestartApplication"))
            .put("version", now);
    events.emit(
        "group_change_failed",
        new JsonObject()
            .put("groupId", parentGroup(id))
            .put("version", now)
            .put("reason", LOCKED_MESSAGE));
    events.emit(
        "deployment_failed",
        new JsonObject().put("id", planId).put("plan", plan).put("reason", LOCKED_MESSAGE));
    JsonObject body = new JsonObject().put("message", LOCKED_MESSAGE).put("deployments", ids);
    return SimResponse.json(409, body);
  }

  List<String> locking(String appId) {
    return deployments.values().stream().filter(d -> d.appId.equals(appId)).map(d -> d.id).toList();
  }

  static JsonObject plan(Dep d) {
    return new JsonObject().put("id", d.id).put("steps", d.steps.copy()).put("version", d.version);
  }
}

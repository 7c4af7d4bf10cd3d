package dev.pacer.testkit.marathon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A deployment whose new tasks crash, as real Marathon runs one: each new task is staged, runs, and
 * fails; Marathon launches another after a backoff, on the next agent, and so on. The deployment
 * never ends by itself (Marathon never times one out): only a {@code DELETE} of it, or a forced
 * deployment, stops the loop. There is no {@code deployment_failed}.
 *
 * @param agents where the tasks are placed in turn: {@code slaveId} and {@code host}
 * @param backoff between a failure and the next launch
 * @param launched hears each task before it fails (its {@code id}, {@code slaveId}, {@code host},
 *     {@code version}), on the server's thread: a test writes its sandbox on a Mesos agent
 *     simulator there
 */
public record CrashingTasks(
    List<Agent> agents, Duration backoff, String message, Consumer<JsonObject> launched) {

  /** A Mesos agent a task can be placed on. */
  public record Agent(String slaveId, String host) {}

  public CrashingTasks {
    agents = List.copyOf(agents);
    if (agents.isEmpty()) {
      throw new IllegalArgumentException("tasks need at least one agent to crash on");
    }
  }

  /**
   * Sees whether a deployment is in flight, after recording a task failure (or null) on its app.
   */
  @FunctionalInterface
  interface InFlight {
    boolean test(String deploymentId, String appId, JsonObject lastTaskFailure);
  }

  /**
   * The n-th task starts and fails ({@code TASK_STAGING}, {@code TASK_RUNNING}, {@code TASK_FAILED}
   * with the message, the app's {@code lastTaskFailure}); the next follows after the backoff, while
   * the deployment is in flight.
   */
  void loop(
      io.vertx.core.Vertx vertx,
      SimEmitter events,
      SimulatedDeployments.Dep d,
      int n,
      InFlight inFlight) {
    if (!inFlight.test(d.id, d.appId, null)) {
      return;
    }
    JsonObject task = task(d, n);
    launched.accept(task);
    for (String state : new String[] {"TASK_STAGING", "TASK_RUNNING", "TASK_FAILED"}) {
      JsonObject update = SimShapes.statusUpdate(task, d.appId, state);
      events.emit(
          "status_update_event",
          state.equals("TASK_FAILED") ? update.put("message", message) : update);
    }
    JsonObject failure =
        new JsonObject()
            .put("appId", d.appId)
            .put("host", task.getString("host"))
            .put("message", message)
            .put("state", "TASK_FAILED")
            .put("taskId", task.getString("id"))
            .put("timestamp", SimShapes.iso(events.clock().instant()))
            .put("version", d.version)
            .put("slaveId", task.getString("slaveId"));
    inFlight.test(d.id, d.appId, failure);
    vertx.setTimer(Math.max(1, backoff.toMillis()), t -> loop(vertx, events, d, n + 1, inFlight));
  }

  /** The n-th task of the deployment, in Marathon's task id form, on its agent. */
  JsonObject task(SimulatedDeployments.Dep d, int n) {
    Agent a = agents.get(n % agents.size());
    String prefix = d.appId.substring(1).replace('/', '_');
    return new JsonObject()
        .put("id", prefix + "." + UUID.randomUUID())
        .put("appId", d.appId)
        .put("host", a.host())
        .put("slaveId", a.slaveId())
        .put("ports", new JsonArray().add(31000 + n))
        .put("version", d.version);
  }
}

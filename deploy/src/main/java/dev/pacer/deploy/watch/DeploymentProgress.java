package dev.pacer.deploy.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One deployment as its Marathon events tell it. Events may come before the PUT has answered with
 * the deployment's id and version (the stream is attached first, so none is lost): those are kept
 * and read once {@link #started} says which deployment is ours. Only our deployment's events and
 * our version's tasks count; another deployment's {@code deployment_failed} (the 409 lock's side
 * effect, say) is not ours.
 *
 * <p>A task of the new version that fails ({@code TASK_FAILED}, {@code TASK_ERROR}, or killed as
 * unhealthy) is reported once, for its logs. Marathon never fails a deployment whose tasks keep
 * crashing (it relaunches them with backoff, forever), so {@code maxTaskFailures} failures end it
 * as failed. Pure; not thread-safe.
 */
public final class DeploymentProgress {
  /** Where the deployment is. */
  public enum State {
    IN_FLIGHT,
    SUCCEEDED,
    FAILED
  }

  /** A task of the new version that failed, and where it ran. */
  public record TaskFailure(
      String taskId, String agentId, String host, String state, String message) {}

  /** What one event changed: lines to print, tasks whose logs to fetch, the state after it. */
  public record Update(List<String> lines, List<TaskFailure> failures, State state) {
    static final Update NONE = new Update(List.of(), List.of(), State.IN_FLIGHT);
  }

  private static final Set<String> FAILED_STATES = Set.of("TASK_FAILED", "TASK_ERROR");
  private static final Set<String> STAGED_STATES = Set.of("TASK_STAGING", "TASK_STARTING");

  private final String appId;
  private final int target;
  private final boolean healthChecked;
  private final int maxTaskFailures;
  private final List<Map.Entry<String, Map<String, Object>>> early = new ArrayList<>();
  private final Map<String, String> tasks = new LinkedHashMap<>();
  private final Set<String> healthy = new HashSet<>();
  private final Set<String> failed = new HashSet<>();
  private String deploymentId;
  private String version;
  private List<String> steps = List.of();
  private int step;
  private State state = State.IN_FLIGHT;
  private String reason = "";

  public DeploymentProgress(String appId, int target, boolean healthChecked, int maxTaskFailures) {
    this.appId = appId;
    this.target = target;
    this.healthChecked = healthChecked;
    this.maxTaskFailures = Math.max(1, maxTaskFailures);
  }

  /** The PUT answered: this is our deployment. Events that came before it are read now. */
  public Update started(String deploymentId, String version) {
    this.deploymentId = deploymentId;
    this.version = version;
    List<String> lines = new ArrayList<>();
    List<TaskFailure> failures = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : early) {
      Update u = on(e.getKey(), e.getValue());
      lines.addAll(u.lines());
      failures.addAll(u.failures());
    }
    early.clear();
    return new Update(lines, failures, state);
  }

  public State state() {
    return state;
  }

  /** Why it failed; empty otherwise. */
  public String reason() {
    return reason;
  }

  public int failedTasks() {
    return failed.size();
  }

  /** One event of the stream. */
  public Update on(String type, Map<String, Object> e) {
    if (state != State.IN_FLIGHT) {
      return new Update(List.of(), List.of(), state);
    }
    if (deploymentId == null) {
      early.add(Map.entry(type, e));
      return Update.NONE;
    }
    return switch (type) {
      case "deployment_info" -> info(e);
      case "deployment_step_success" -> ours(e) ? stepDone(true) : Update.NONE;
      case "deployment_step_failure" -> ours(e) ? stepDone(false) : Update.NONE;
      case "deployment_success" -> ended(e, State.SUCCEEDED);
      case "deployment_failed" -> ended(e, State.FAILED);
      case "status_update_event" -> task(e);
      case "health_status_changed_event" ->
          health(e, "appId", "version", "instanceId", Boolean.TRUE.equals(e.get("alive")));
      case "instance_health_changed_event" ->
          health(
              e,
              "runSpecId",
              "runSpecVersion",
              "instanceId",
              Boolean.TRUE.equals(e.get("healthy")));
      case "unhealthy_instance_kill_event" -> unhealthyKill(e);
      default -> Update.NONE;
    };
  }

  /** {@code step 1/1 RestartApplication · 2/3 running · 1/3 healthy · 1 staged · 0 failed}. */
  public String summary() {
    int running = count("TASK_RUNNING");
    int staged = 0;
    for (String s : tasks.values()) {
      staged += STAGED_STATES.contains(s) ? 1 : 0;
    }
    int healthyRunning = 0;
    for (Map.Entry<String, String> t : tasks.entrySet()) {
      if (t.getValue().equals("TASK_RUNNING") && healthy.contains(instanceOf(t.getKey()))) {
        healthyRunning++;
      }
    }
    StringBuilder sb = new StringBuilder();
    if (!steps.isEmpty()) {
      sb.append("step ")
          .append(Math.min(step + 1, steps.size()))
          .append('/')
          .append(steps.size())
          .append(' ')
          .append(steps.get(Math.min(step, steps.size() - 1)))
          .append(" · ");
    }
    sb.append(staged).append(" staged · ").append(running).append('/').append(target);
    sb.append(" running");
    if (healthChecked) {
      sb.append(" · ").append(healthyRunning).append('/').append(target).append(" healthy");
    }
    sb.append(" · ").append(failed.size()).append(" failed");
    return sb.toString();
  }

  private int count(String s) {
    int n = 0;
    for (String v : tasks.values()) {
      n += v.equals(s) ? 1 : 0;
    }
    return n;
  }

  private boolean ours(Map<String, Object> e) {
    return e.get("plan") instanceof Map<?, ?> plan && deploymentId.equals(plan.get("id"));
  }

  private Update info(Map<String, Object> e) {
    if (!ours(e)) {
      return Update.NONE;
    }
    List<String> names = new ArrayList<>();
    if (((Map<?, ?>) e.get("plan")).get("steps") instanceof List<?> list) {
      for (Object s : list) {
        names.add(actions(s));
      }
    }
    steps = names;
    step = 0;
    Object current = e.get("currentStep");
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(actions(current))) {
        step = i;
        break;
      }
    }
    return new Update(
        List.of(
            names.isEmpty()
                ? "deployment " + deploymentId + ": no steps (nothing changed Marathon acts on)"
                : "deployment "
                    + deploymentId
                    + ": "
                    + names.size()
                    + " step(s): "
                    + String.join(", then ", names)),
        List.of(),
        state);
  }

  private static String actions(Object stepObject) {
    List<String> out = new ArrayList<>();
    if (stepObject instanceof Map<?, ?> s && s.get("actions") instanceof List<?> actions) {
      for (Object a : actions) {
        if (a instanceof Map<?, ?> m) {
          out.add(String.valueOf(m.containsKey("action") ? m.get("action") : m.get("type")));
        }
      }
    }
    return String.join("+", out);
  }

  private Update stepDone(boolean ok) {
    String name = steps.isEmpty() ? "step" : steps.get(Math.min(step, steps.size() - 1));
    String line = (ok ? "step done: " : "step failed: ") + name;
    if (ok && step < steps.size() - 1) {
      step++;
    }
    return new Update(List.of(line), List.of(), state);
  }

  private Update ended(Map<String, Object> e, State end) {
    if (!deploymentId.equals(e.get("id"))) {
      return Update.NONE;
    }
    state = end;
    if (end == State.FAILED) {
      reason =
          e.get("reason") instanceof String r && !r.isBlank()
              ? r
              : "Marathon failed the deployment";
    }
    return new Update(
        List.of(
            end == State.SUCCEEDED
                ? "deployment_success: " + appId + " is deployed (" + summary() + ")"
                : "deployment_failed: " + reason),
        List.of(),
        state);
  }

  private Update task(Map<String, Object> e) {
    if (!appId.equals(e.get("appId")) || !Objects.equals(version, e.get("version"))) {
      return Update.NONE;
    }
    String id = String.valueOf(e.get("taskId"));
    String s = String.valueOf(e.get("taskStatus"));
    if (FAILED_STATES.contains(s)) {
      tasks.remove(id);
      return failure(
          new TaskFailure(
              id,
              String.valueOf(e.get("slaveId")),
              String.valueOf(e.get("host")),
              s,
              e.get("message") instanceof String m ? m : ""));
    }
    if (s.equals("TASK_RUNNING") || STAGED_STATES.contains(s)) {
      tasks.put(id, s);
    } else {
      tasks.remove(id); // killed, finished, lost: no longer counts
    }
    return Update.NONE;
  }

  private Update unhealthyKill(Map<String, Object> e) {
    if (!appId.equals(e.get("appId")) || !Objects.equals(version, e.get("version"))) {
      return Update.NONE;
    }
    String id = String.valueOf(e.get("taskId"));
    tasks.remove(id);
    return failure(
        new TaskFailure(
            id,
            String.valueOf(e.get("slaveId")),
            String.valueOf(e.get("host")),
            "killed as unhealthy",
            e.get("reason") instanceof String r ? r : ""));
  }

  private Update failure(TaskFailure f) {
    if (!failed.add(f.taskId())) {
      return Update.NONE;
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "task "
            + f.taskId()
            + " on "
            + f.host()
            + ": "
            + f.state()
            + (f.message().isEmpty() ? "" : " (" + f.message() + ")"));
    if (failed.size() >= maxTaskFailures) {
      state = State.FAILED;
      reason =
          failed.size()
              + " task(s) of the new version failed; Marathon would go on relaunching them"
              + " (--max-task-failures "
              + maxTaskFailures
              + ")";
      lines.add("deployment failed: " + reason);
    }
    return new Update(lines, List.of(f), state);
  }

  private Update health(
      Map<String, Object> e, String appKey, String versionKey, String instanceKey, boolean ok) {
    if (!appId.equals(e.get(appKey)) || !Objects.equals(version, e.get(versionKey))) {
      return Update.NONE;
    }
    String instance = String.valueOf(e.get(instanceKey));
    if (ok) {
      healthy.add(instance);
    } else {
      healthy.remove(instance);
    }
    return Update.NONE;
  }

  /**
   * {@code app.instance-<uuid>._app.1} is of instance {@code app.instance-<uuid>}; older ids are
   * their own.
   */
  static String instanceOf(String taskId) {
    int i = taskId.indexOf("._app.");
    return i < 0 ? taskId : taskId.substring(0, i);
  }
}

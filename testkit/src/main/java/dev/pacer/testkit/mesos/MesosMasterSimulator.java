package dev.pacer.testkit.mesos;

import dev.pacer.testkit.Contracts;
import dev.pacer.testkit.HttpSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Mesos master over real HTTP on a free loopback port, held to {@code shared/contracts/README.md}
 * §5: {@code /master/state} (shaped like the verbatim 0.28 fixture: {@code slaves[]} with
 * attributes and resource maps, {@code frameworks[].tasks[]}), the maintenance schedule (a POST
 * replaces it whole, with Mesos's validation), {@code /master/maintenance/status}, {@code
 * /master/machine/down} and {@code /up}, and leader redirection ({@code /redirect} answers 307 with
 * a scheme-relative {@code Location}; a standby redirects every call). Agents are added by the test
 * (or by a cloud simulator as instances launch); tasks are placed and removed by the test.
 * Thread-safe.
 */
public final class MesosMasterSimulator extends HttpSimulator {
  /** The id of the framework named {@code marathon}, whose tasks the state lists. */
  public static final String MARATHON_FRAMEWORK_ID = "3b81e796-9d06-4556-99d4-a5ac09a229d3-0000";

  /** One agent and its tasks (task id → its resources). */
  private static final class SimAgent {
    String id;
    String hostname;
    String ip;
    int port = 5051;
    JsonObject attributes;
    JsonObject resources;
    final Map<String, JsonObject> tasks = new LinkedHashMap<>();
  }

  private final Map<String, SimAgent> agents = new LinkedHashMap<>();
  private final Set<String> down = new HashSet<>();
  private final List<String> requests = new ArrayList<>();
  private JsonObject schedule = new JsonObject();
  private final Map<String, Integer> failures = new java.util.HashMap<>();
  private String leader; // host:port of the leader when this one is a standby
  private int nextAgent;

  private MesosMasterSimulator() {}

  public static Future<MesosMasterSimulator> start(Vertx vertx) {
    return listen(vertx, new MesosMasterSimulator());
  }

  public String url() {
    return base();
  }

  // ---- set-up ----

  /** Registers an agent; returns its id. {@code resources}: cpus, mem and disk. */
  public synchronized String addAgent(
      String hostname,
      String ip,
      Map<String, String> attributes,
      double cpus,
      double mem,
      double disk) {
    if (down.contains(key(hostname, ip))) {
      throw new IllegalStateException(hostname + " is DOWN: Mesos refuses its registration");
    }
    SimAgent a = new SimAgent();
    a.id = "3b81e796-9d06-4556-99d4-a5ac09a229d3-S" + nextAgent++;
    a.hostname = hostname;
    a.ip = ip;
    a.attributes = new JsonObject(new LinkedHashMap<>(attributes));
    a.resources =
        new JsonObject()
            .put("cpus", cpus)
            .put("mem", mem)
            .put("disk", disk)
            .put("ports", "[31000-32000]");
    agents.put(a.id, a);
    return a.id;
  }

  /**
   * Registers an agent whose {@code pid} is {@code slave(1)@ip:port}: where a {@link
   * MesosAgentSimulator} listens, for the clients that read the agent itself. Returns its id.
   */
  public synchronized String addAgent(
      String hostname,
      String ip,
      int port,
      Map<String, String> attributes,
      double cpus,
      double mem,
      double disk) {
    String id = addAgent(hostname, ip, attributes, cpus, mem, disk);
    agents.get(id).port = port;
    return id;
  }

  /** Places a running task on the agent of {@code hostname}. */
  public synchronized void addTask(
      String hostname, String taskId, double cpus, double mem, double disk) {
    agent(hostname)
        .tasks
        .put(taskId, new JsonObject().put("cpus", cpus).put("mem", mem).put("disk", disk));
  }

  /** Removes a task wherever it runs (killed, or moved by Marathon); false if unknown. */
  public synchronized boolean removeTask(String taskId) {
    for (SimAgent a : agents.values()) {
      if (a.tasks.remove(taskId) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The next {@code times} calls of {@code method path} (such as {@code POST
   * /master/maintenance/schedule}) answer 503, as a master that is failing over does; nothing
   * changes.
   */
  public synchronized void failNext(String methodAndPath, int times) {
    failures.merge(methodAndPath, times, Integer::sum);
  }

  /** Every other call answers 307 to {@code leaderHostPort}, as a standby master does. */
  public synchronized void standbyOf(String leaderHostPort) {
    leader = leaderHostPort;
  }

  // ---- what happened ----

  /** The schedule as Mesos answers it: {@code {}} when empty. */
  public synchronized JsonObject schedule() {
    return MesosMaintenance.asProtobuf(schedule);
  }

  public synchronized Set<String> downMachines() {
    return Set.copyOf(down);
  }

  public synchronized List<String> agentHostnames() {
    return agents.values().stream().map(a -> a.hostname).toList();
  }

  public synchronized List<String> tasksOn(String hostname) {
    return List.copyOf(agent(hostname).tasks.keySet());
  }

  /** Every call: method, path and status. */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  // ---- HTTP ----

  private record Answer(int status, String contentType, String body, String location) {
    static Answer json(int status, Object body) {
      String text = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
      return new Answer(status, "application/json", text, null);
    }

    static Answer text(int status, String body) {
      return new Answer(status, "text/plain; charset=utf-8", body, null);
    }
  }

  @Override
  protected void handle(HttpServerRequest req) {
    req.body()
        .onSuccess(
            b -> {
              Answer a;
              synchronized (this) {
                a = answer(req.method(), req.path(), b.toString(StandardCharsets.UTF_8));
                requests.add(req.method() + " " + req.path() + " " + a.status);
              }
              var resp = req.response().setStatusCode(a.status);
              if (a.location != null) {
                resp.putHeader("Location", a.location);
              }
              if (a.contentType != null) {
                resp.putHeader("Content-Type", a.contentType);
              }
              resp.end(a.body == null ? "" : a.body);
            });
  }

  private Answer answer(HttpMethod m, String path, String body) {
    String self = "127.0.0.1:" + port();
    if (leader != null) {
      return new Answer(307, null, "", "//" + leader + path);
    }
    Integer failing = failures.get(m + " " + path);
    if (failing != null && failing > 0) {
      failures.put(m + " " + path, failing - 1);
      return Answer.text(503, "Service Unavailable");
    }
    String p = path.startsWith("/master/") ? path.substring("/master".length()) : path;
    switch (p) {
      case "/redirect":
        return new Answer(307, null, "", "//" + self);
      case "/state":
        return Answer.json(200, state());
      case "/maintenance/schedule":
        if (m == HttpMethod.GET) {
          return Answer.json(200, MesosMaintenance.asProtobuf(schedule));
        }
        return postSchedule(body);
      case "/maintenance/status":
        return Answer.json(200, MesosMaintenance.asProtobuf(status()));
      case "/machine/down":
        return machines(body, true);
      case "/machine/up":
        return machines(body, false);
      default:
        return Answer.text(404, "");
    }
  }

  private Answer postSchedule(String body) {
    JsonObject s;
    try {
      s = new JsonObject(body);
    } catch (RuntimeException e) {
      return Answer.text(400, "Failed to parse the schedule: " + e.getMessage());
    }
    String why = MesosMaintenance.invalid(s, down);
    if (why != null) {
      return Answer.text(400, why);
    }
    schedule = s;
    return Answer.text(200, "");
  }

  private Answer machines(String body, boolean toDown) {
    JsonArray list;
    try {
      list = new JsonArray(body);
    } catch (RuntimeException e) {
      return Answer.text(400, "Failed to parse the list of machines: " + e.getMessage());
    }
    if (list.isEmpty()) {
      return Answer.text(400, "List of machines is empty");
    }
    List<String> keys = new ArrayList<>();
    Set<String> scheduled = MesosMaintenance.machines(schedule);
    for (Object o : list) {
      String k = MesosMaintenance.key(o);
      if (k == null) {
        return Answer.text(400, "A machine must have a hostname or an IP");
      }
      if (keys.contains(k)) {
        return Answer.text(400, "Machine '" + k + "' appears more than once");
      }
      if (toDown ? !scheduled.contains(k) || down.contains(k) : !down.contains(k)) {
        return Answer.text(
            400,
            "Machine '" + k + "' is not " + (toDown ? "part of a maintenance schedule" : "DOWN"));
      }
      keys.add(k);
    }
    if (toDown) {
      down.addAll(keys);
      // the agents are shut down: their tasks are lost, and they leave the state
      agents.values().removeIf(a -> keys.contains(key(a.hostname, a.ip)));
    } else {
      down.removeAll(keys);
      schedule = MesosMaintenance.without(schedule, keys);
    }
    return Answer.text(200, "");
  }

  private JsonObject state() {
    JsonObject s = new JsonObject(Contracts.text("mesos/master-state.marathon-fixture.v0.28.json"));
    JsonArray slaves = new JsonArray();
    JsonArray tasks = new JsonArray();
    for (SimAgent a : agents.values()) {
      double cpus = 0;
      double mem = 0;
      double disk = 0;
      for (Map.Entry<String, JsonObject> t : a.tasks.entrySet()) {
        cpus += t.getValue().getDouble("cpus");
        mem += t.getValue().getDouble("mem");
        disk += t.getValue().getDouble("disk");
        tasks.add(
            new JsonObject()
                .put("id", t.getKey())
                .put("name", t.getKey().replaceFirst("\\..*$", ""))
                .put("framework_id", MARATHON_FRAMEWORK_ID)
                // a command task has no executor of its own: Mesos writes its id empty
                .put("executor_id", "")
                .put("slave_id", a.id)
                .put("state", "TASK_RUNNING")
                .put("resources", t.getValue().copy()));
      }
      slaves.add(
          new JsonObject()
              .put("id", a.id)
              .put("pid", "slave(1)@" + a.ip + ":" + a.port)
              .put("hostname", a.hostname)
              .put("registered_time", 1457617309.27261)
              .put("resources", a.resources.copy())
              .put(
                  "used_resources",
                  new JsonObject().put("cpus", cpus).put("mem", mem).put("disk", disk))
              .put("attributes", a.attributes.copy())
              .put("active", true)
              .put("version", s.getString("version")));
    }
    s.put("slaves", slaves);
    s.put("activated_slaves", (double) slaves.size());
    s.put(
        "frameworks",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("id", MARATHON_FRAMEWORK_ID)
                    .put("name", "marathon")
                    .put("tasks", tasks)));
    return s;
  }

  private JsonObject status() {
    Set<String> scheduled = MesosMaintenance.machines(schedule);
    JsonArray draining = new JsonArray();
    JsonArray downList = new JsonArray();
    for (Object o : schedule.getJsonArray("windows", new JsonArray())) {
      for (Object mId : ((JsonObject) o).getJsonArray("machine_ids", new JsonArray())) {
        String k = MesosMaintenance.key(mId);
        if (down.contains(k)) {
          downList.add(((JsonObject) mId).copy());
        } else if (scheduled.contains(k)) {
          draining.add(
              new JsonObject()
                  .put("id", ((JsonObject) mId).copy())
                  .put("statuses", new JsonArray()));
        }
      }
    }
    return new JsonObject().put("draining_machines", draining).put("down_machines", downList);
  }

  private SimAgent agent(String hostname) {
    return agents.values().stream()
        .filter(a -> a.hostname.equals(hostname))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no agent " + hostname));
  }

  private static String key(String hostname, String ip) {
    return MesosMaintenance.key(new JsonObject().put("hostname", hostname).put("ip", ip));
  }
}

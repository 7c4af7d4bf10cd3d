package dev.pacer.testkit.mesos;

import dev.pacer.testkit.HttpSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Mesos agent's {@code GET /monitor/statistics} (also {@code /slave(1)/monitor/statistics}),
 * held to the contract (contracts, "Agent GET /monitor/statistics"): a JSON array with one entry
 * per live executor, {@code {executor_id, executor_name, framework_id, source, statistics}}; for a
 * command task the executor id and the source are the task id; {@code timestamp} is the agent's
 * clock in seconds; CPU times are cumulative and only grow, until the container is replaced (a new
 * task, a new entry) or {@link #resetCounters} makes them fall as a reset does; a field the test
 * did not give is absent, as Mesos leaves out what no isolator set. Each container's CPU time grows
 * at the rate the test sets ({@link #cpu}), on the agent's {@code clock}, so a test that moves the
 * clock knows the exact counters. Register it with the master through {@link
 * MesosMasterSimulator#addAgent(String, String, int, Map, double, double, double)}.
 *
 * <p>It also serves the agent's {@code GET /state} and {@code GET /files/read} for the sandboxes
 * the test gives it ({@link #sandbox}, {@link #write}, {@link #ended}); see {@link AgentSandboxes}.
 */
public final class MesosAgentSimulator extends HttpSimulator {
  /** One executor's container: cumulative CPU seconds growing at {@code cores} since {@code at}. */
  private static final class Container {
    String frameworkId;
    Double cpusLimit;
    Long memLimit;
    Long memRss;
    double cpuSecs;
    double cores;
    Double coresFromNextRead;
    Instant at;
  }

  private final Clock clock;
  private final Map<String, Container> containers = new LinkedHashMap<>();
  private final AgentSandboxes sandboxes = new AgentSandboxes();
  private String agentId = "unregistered-S0";
  private String hostname = "127.0.0.1";
  private boolean silent;
  private int answered;
  private int fileReads;

  private MesosAgentSimulator(Clock clock) {
    this.clock = clock;
  }

  public static Future<MesosAgentSimulator> start(Vertx vertx, Clock clock) {
    return listen(vertx, new MesosAgentSimulator(clock));
  }

  /** The port this agent listens on (its {@code pid} is {@code slave(1)@127.0.0.1:<port>}). */
  public int agentPort() {
    return port();
  }

  /**
   * Starts the container of a command task ({@code executor_id} = {@code source} = {@code taskId})
   * of {@code frameworkId}, its CPU counters at 0. {@code cpusLimit} and {@code memLimitBytes} as
   * the agent reports them (the executor's allowance included); null leaves the field out.
   */
  public synchronized void run(
      String taskId, String frameworkId, Double cpusLimit, Long memLimitBytes) {
    Container c = new Container();
    c.frameworkId = frameworkId;
    c.cpusLimit = cpusLimit;
    c.memLimit = memLimitBytes;
    c.at = clock.instant();
    containers.put(taskId, c);
  }

  /** The id and hostname the master knows this agent by, as its {@code GET /state} says them. */
  public synchronized void registeredAs(String agentId, String hostname) {
    this.agentId = agentId;
    this.hostname = hostname;
  }

  /**
   * A sandbox for a task of {@code frameworkId} (its executor id is the task id), with an empty
   * {@code stdout} and {@code stderr}, listed by {@code GET /state} with its directory.
   */
  public synchronized void sandbox(String taskId, String frameworkId) {
    sandboxes.start(agentId, frameworkId, taskId);
  }

  /** Appends to a file of the task's sandbox ({@code stdout}, {@code stderr}, ...). */
  public synchronized void write(String taskId, String file, String text) {
    sandboxes.append(taskId, file, text);
  }

  /** The task ended ({@code TASK_FAILED}, ...): its executor is a completed one; files stay. */
  public synchronized void ended(String taskId, String state) {
    sandboxes.end(taskId, state);
    containers.remove(taskId);
  }

  /** The absolute sandbox directory of the task, as {@code GET /state} gives it; null if none. */
  public synchronized String sandboxDirectory(String taskId) {
    return sandboxes.directory(taskId);
  }

  /** How many {@code /files/read} requests were answered (a tail reads only what it needs). */
  public synchronized int fileReads() {
    return fileReads;
  }

  /** From now, the container's CPU time grows by {@code cores} seconds a second. */
  public synchronized void cpu(String taskId, double cores) {
    Container c = container(taskId);
    settle(c);
    c.cores = cores;
  }

  /**
   * The container's CPU time grows by {@code cores} a second from the next statistics read on: that
   * read still shows the old rate, and the next interval of whoever reads is all at the new one
   * (the demo's change of load, without an interval that spans it).
   */
  public synchronized void cpuFromNextRead(String taskId, double cores) {
    container(taskId).coresFromNextRead = cores;
  }

  /** The container's resident memory from now on; null leaves {@code mem_rss_bytes} out. */
  public synchronized void rss(String taskId, Long bytes) {
    container(taskId).memRss = bytes;
  }

  /** The container's CPU counters fall back to 0, as a reset does (never a negative rate). */
  public synchronized void resetCounters(String taskId) {
    Container c = container(taskId);
    c.at = clock.instant();
    c.cpuSecs = 0;
  }

  /** The executor ended: it leaves the statistics. */
  public synchronized void stop(String taskId) {
    containers.remove(taskId);
  }

  /** While true, requests get no answer at all (an agent that hangs), until a client's timeout. */
  public synchronized void silent(boolean silent) {
    this.silent = silent;
  }

  /** How many statistics requests were answered. */
  public synchronized int answered() {
    return answered;
  }

  @Override
  protected void handle(HttpServerRequest req) {
    String path = req.path();
    JsonArray body;
    synchronized (this) {
      if (silent) {
        return; // never answered: the client's timeout ends it
      }
      if (path.equals("/state") || path.equals("/slave(1)/state")) {
        String state = sandboxes.state(agentId, hostname, port()).encode();
        req.response().putHeader("Content-Type", "application/json").end(state);
        return;
      }
      if (path.equals("/files/read")) {
        fileReads++;
        AgentSandboxes.Answer a = sandboxes.read(req.params());
        req.response()
            .setStatusCode(a.status())
            .putHeader("Content-Type", a.contentType())
            .end(a.body());
        return;
      }
      if (!path.equals("/monitor/statistics") && !path.equals("/slave(1)/monitor/statistics")) {
        req.response().setStatusCode(404).end();
        return;
      }
      body = statistics();
      answered++;
    }
    req.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private JsonArray statistics() {
    Instant now = clock.instant();
    double timestamp = now.getEpochSecond() + now.getNano() / 1e9;
    JsonArray out = new JsonArray();
    for (Map.Entry<String, Container> e : containers.entrySet()) {
      Container c = e.getValue();
      settle(c, now); // the counters at the very instant of the sample's timestamp
      if (c.coresFromNextRead != null) {
        c.cores = c.coresFromNextRead;
        c.coresFromNextRead = null;
      }
      JsonObject s = new JsonObject().put("timestamp", timestamp);
      // the kernel splits a container's CPU time between user and system; their sum is what counts
      s.put("cpus_user_time_secs", c.cpuSecs * 0.75);
      s.put("cpus_system_time_secs", c.cpuSecs * 0.25);
      if (c.cpusLimit != null) {
        s.put("cpus_limit", c.cpusLimit);
      }
      if (c.memRss != null) {
        s.put("mem_rss_bytes", c.memRss);
        s.put("mem_total_bytes", c.memRss);
      }
      if (c.memLimit != null) {
        s.put("mem_limit_bytes", c.memLimit);
      }
      out.add(
          new JsonObject()
              .put("executor_id", e.getKey())
              .put(
                  "executor_name",
                  "Command Executor (Task: " + e.getKey() + ") (Command: sh -c 'serve')")
              .put("framework_id", c.frameworkId)
              .put("source", e.getKey())
              .put("statistics", s));
    }
    return out;
  }

  private void settle(Container c) {
    settle(c, clock.instant());
  }

  private static void settle(Container c, Instant now) {
    c.cpuSecs += c.cores * (java.time.Duration.between(c.at, now).toNanos() / 1e9);
    c.at = now;
  }

  private Container container(String taskId) {
    Container c = containers.get(taskId);
    if (c == null) {
      throw new IllegalArgumentException("no container of task " + taskId + " on this agent");
    }
    return c;
  }

  /** The task ids whose containers run here. */
  public synchronized List<String> running() {
    return new ArrayList<>(containers.keySet());
  }
}

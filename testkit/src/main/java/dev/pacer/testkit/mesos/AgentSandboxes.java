package dev.pacer.testkit.mesos;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The sandboxes of one simulated agent's executors: its {@code GET /state} (frameworks, their
 * {@code executors} and {@code completed_executors}, each with {@code container} and its absolute
 * {@code directory}) and {@code GET /files/read} of the files in them, held to the contract
 * (contracts §5, "Finding a task's sandbox" and "Agent GET /files/read"): a missing {@code offset}
 * or {@code -1} answers no data and the file's size as {@code offset}; {@code offset} echoes the
 * request; a read is capped at 64 KiB; an offset past the end gives {@code ""}; a missing path, a
 * bad number or a directory is a 400 with a text body, an unknown path a 404. The sandbox is also
 * found by its virtual path {@code /frameworks/<fw>/executors/<exec>/runs/latest}. Not thread-safe:
 * its agent calls it under its lock.
 */
final class AgentSandboxes {
  static final int READ_CAP = 16 * 4096;

  private static final class Executor {
    String id;
    String frameworkId;
    String container;
    String directory;
    String state;
    final Map<String, StringBuilder> files = new LinkedHashMap<>();
  }

  private final Map<String, Executor> executors = new LinkedHashMap<>();

  /** A command task's executor (its id is the task id) with an empty stdout and stderr. */
  void start(String agentId, String frameworkId, String taskId) {
    Executor e = new Executor();
    e.id = taskId;
    e.frameworkId = frameworkId;
    e.container = UUID.randomUUID().toString();
    e.directory =
        "/var/lib/mesos/slaves/"
            + agentId
            + "/frameworks/"
            + frameworkId
            + "/executors/"
            + taskId
            + "/runs/"
            + e.container;
    e.state = "TASK_RUNNING";
    e.files.put("stdout", new StringBuilder());
    e.files.put("stderr", new StringBuilder());
    executors.put(taskId, e);
  }

  void append(String taskId, String file, String text) {
    Executor e = executors.get(taskId);
    if (e == null) {
      throw new IllegalArgumentException("no sandbox of task " + taskId + " on this agent");
    }
    e.files.computeIfAbsent(file, f -> new StringBuilder()).append(text);
  }

  /** The task ended in {@code state}: its executor moves to {@code completed_executors}. */
  void end(String taskId, String state) {
    Executor e = executors.get(taskId);
    if (e != null) {
      e.state = state;
    }
  }

  String directory(String taskId) {
    Executor e = executors.get(taskId);
    return e == null ? null : e.directory;
  }

  /** {@code GET /state}: only the parts a sandbox is found by, in the real shape. */
  JsonObject state(String agentId, String hostname, int port) {
    Map<String, JsonObject> frameworks = new LinkedHashMap<>();
    for (Executor e : executors.values()) {
      JsonObject f =
          frameworks.computeIfAbsent(
              e.frameworkId,
              id ->
                  new JsonObject()
                      .put("id", id)
                      .put("name", "marathon")
                      .put("user", "root")
                      .put("executors", new JsonArray())
                      .put("completed_executors", new JsonArray()));
      boolean live = e.state.equals("TASK_RUNNING");
      JsonObject task =
          new JsonObject()
              .put("id", e.id)
              .put("name", e.id.substring(0, Math.max(0, e.id.indexOf('.'))))
              .put("framework_id", e.frameworkId)
              .put("executor_id", "")
              .put("slave_id", agentId)
              .put("state", e.state)
              .put("resources", new JsonObject().put("cpus", 1).put("mem", 100).put("disk", 0))
              .put(
                  "statuses",
                  new JsonArray()
                      .add(new JsonObject().put("state", e.state).put("timestamp", 1.7e9)));
      JsonObject executor =
          new JsonObject()
              .put("id", e.id)
              .put("name", "Command Executor (Task: " + e.id + ") (Command: sh -c 'serve')")
              .put("source", e.id)
              .put("container", e.container)
              .put("directory", e.directory)
              .put("resources", new JsonObject().put("cpus", 1.1).put("mem", 132).put("disk", 0))
              .put("tasks", live ? new JsonArray().add(task) : new JsonArray())
              .put("queued_tasks", new JsonArray())
              .put("completed_tasks", live ? new JsonArray() : new JsonArray().add(task));
      f.getJsonArray(live ? "executors" : "completed_executors").add(executor);
    }
    JsonArray fw = new JsonArray();
    frameworks.values().forEach(fw::add);
    return new JsonObject()
        .put("id", agentId)
        .put("hostname", hostname)
        .put("pid", "slave(1)@127.0.0.1:" + port)
        .put("frameworks", fw)
        .put("completed_frameworks", new JsonArray());
  }

  /** {@code GET /files/read}: status and body. */
  Answer read(MultiMap params) {
    String path = params.get("path");
    if (path == null) {
      return new Answer(400, "text/plain", "Expecting 'path=value' in query.\n");
    }
    long offset;
    long length;
    try {
      offset = params.get("offset") == null ? -1 : Long.parseLong(params.get("offset"));
      length = params.get("length") == null ? -1 : Long.parseLong(params.get("length"));
    } catch (NumberFormatException e) {
      return new Answer(400, "text/plain", "Failed to parse offset or length: " + e.getMessage());
    }
    if (offset < -1 || length < -1) {
      return new Answer(400, "text/plain", "Negative offset or length provided\n");
    }
    StringBuilder file = null;
    boolean directory = false;
    for (Executor e : executors.values()) {
      String virtual = "/frameworks/" + e.frameworkId + "/executors/" + e.id + "/runs/latest";
      for (String base : new String[] {e.directory, virtual}) {
        if (path.equals(base) || path.equals(base + "/")) {
          directory = true;
        } else if (path.startsWith(base + "/")) {
          file = e.files.get(path.substring(base.length() + 1));
        }
      }
    }
    if (directory) {
      return new Answer(400, "text/plain", "Cannot read a directory\n");
    }
    if (file == null) {
      return new Answer(404, "text/plain", "");
    }
    byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
    if (offset == -1) {
      return json(new JsonObject().put("data", "").put("offset", bytes.length));
    }
    if (offset >= bytes.length) {
      return json(new JsonObject().put("data", "").put("offset", offset));
    }
    long want = length == -1 ? bytes.length - offset : Math.min(length, bytes.length - offset);
    int n = (int) Math.min(want, READ_CAP);
    String data = new String(bytes, (int) offset, n, StandardCharsets.UTF_8);
    return json(new JsonObject().put("data", data).put("offset", offset));
  }

  private static Answer json(JsonObject body) {
    return new Answer(200, "application/json", body.encode());
  }

  record Answer(int status, String contentType, String body) {}
}

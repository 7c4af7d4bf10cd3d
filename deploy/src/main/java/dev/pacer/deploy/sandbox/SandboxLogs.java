package dev.pacer.deploy.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pacer.common.mesos.MesosMaster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches the last lines of a task's {@code stdout} and {@code stderr} from its agent's sandbox.
 *
 * <ol>
 *   <li>The agent's address is its {@code pid} ({@code slave(1)@10.0.0.5:5051}) in the leading
 *       master's {@code /master/state}, read once per agent (streamed: only {@code slaves}).
 *   <li>The sandbox is the {@code directory} of the executor that ran the task, in the agent's
 *       {@code /state}: live {@code executors} or {@code completed_executors}, of any framework.
 *   <li>Each file is tailed with {@code /files/read}: no {@code offset} gives its size; then chunks
 *       of at most 64 KiB (the agent's cap) are read backwards from the end until there are enough
 *       lines, at most 1 MiB.
 * </ol>
 */
public final class SandboxLogs {
  static final int CHUNK = 64 * 1024;
  static final int MAX_BYTES = 1024 * 1024;
  private static final JsonFactory JSON = new JsonFactory();

  /** A task's sandbox and the last lines of its files; a file that could not be read says why. */
  public record TaskLogs(
      String agent,
      String directory,
      Map<String, List<String>> files,
      Map<String, String> errors) {}

  private final MesosMaster master;
  private final WebClient http;
  private final long timeoutMillis;
  private final Map<String, Future<String>> agents = new HashMap<>();

  public SandboxLogs(Vertx vertx, MesosMaster master, Duration timeout) {
    this.master = master;
    this.timeoutMillis = timeout.toMillis();
    this.http =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                .setUserAgent("pacer-deploy"));
  }

  public void close() {
    http.close();
  }

  /** Where a task ran: its agent's base URL, its executor's sandbox and container id. */
  public record Sandbox(String agent, String directory, String container) {}

  /** The task's sandbox, from its agent's {@code /state}. */
  public Future<Sandbox> sandbox(String agentId, String taskId) {
    return agent(agentId)
        .compose(
            base ->
                get(base + "/state")
                    .compose(
                        r -> {
                          JsonObject ex = executor(r.bodyAsJsonObject(), taskId);
                          return ex == null
                              ? Future.failedFuture(
                                  new IllegalStateException(
                                      "task " + taskId + " has no sandbox in " + base + "/state"))
                              : Future.succeededFuture(
                                  new Sandbox(
                                      base, ex.getString("directory"), ex.getString("container")));
                        }));
  }

  /** The last {@code lines} lines of {@code stdout} and {@code stderr} of the task. */
  public Future<TaskLogs> tail(String agentId, String taskId, int lines) {
    return sandbox(agentId, taskId)
        .map(sb -> Map.entry(sb.agent(), sb.directory()))
        .compose(
            at -> {
              Map<String, List<String>> files = new java.util.LinkedHashMap<>();
              Map<String, String> errors = new java.util.LinkedHashMap<>();
              List<Future<?>> reads = new ArrayList<>();
              for (String f : List.of("stdout", "stderr")) {
                reads.add(
                    tailFile(at.getKey(), at.getValue() + "/" + f, lines)
                        .onSuccess(l -> files.put(f, l))
                        .onFailure(e -> errors.put(f, e.getMessage()))
                        .recover(e -> Future.succeededFuture()));
              }
              return Future.join(reads)
                  .map(
                      v -> {
                        Map<String, List<String>> ordered = new java.util.LinkedHashMap<>();
                        for (String f : List.of("stdout", "stderr")) {
                          if (files.containsKey(f)) {
                            ordered.put(f, files.get(f));
                          }
                        }
                        return new TaskLogs(at.getKey(), at.getValue(), ordered, errors);
                      });
            });
  }

  private Future<String> agent(String agentId) {
    return agents.computeIfAbsent(
        agentId,
        id ->
            master
                .state(body -> pid(body, id))
                .compose(
                    pid ->
                        pid == null
                            ? Future.failedFuture(
                                new IllegalStateException(
                                    "agent " + id + " is not in the Mesos master's state"))
                            : Future.succeededFuture("http://" + pid)));
  }

  /** The {@code ip:port} of the agent's {@code pid}, or null: only {@code slaves} is read. */
  static String pid(byte[] state, String agentId) throws IOException {
    try (JsonParser p = JSON.createParser(state)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals("slaves") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            String id = null;
            String pid = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              JsonToken v = p.nextToken();
              if (f.equals("id") && v == JsonToken.VALUE_STRING) {
                id = p.getText();
              } else if (f.equals("pid") && v == JsonToken.VALUE_STRING) {
                pid = p.getText();
              } else {
                p.skipChildren();
              }
            }
            if (agentId.equals(id) && pid != null && pid.indexOf('@') >= 0) {
              return pid.substring(pid.indexOf('@') + 1);
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return null;
  }

  /** The executor that ran the task, in an agent's {@code /state}; null if none. */
  static JsonObject executor(JsonObject state, String taskId) {
    for (String fws : List.of("frameworks", "completed_frameworks")) {
      for (JsonObject f : list(state, fws)) {
        for (String exs : List.of("executors", "completed_executors")) {
          for (JsonObject ex : list(f, exs)) {
            if (taskId.equals(ex.getString("id")) || runs(ex, taskId)) {
              return ex;
            }
          }
        }
      }
    }
    return null;
  }

  private static boolean runs(JsonObject executor, String taskId) {
    for (String ts : List.of("tasks", "completed_tasks", "queued_tasks")) {
      for (JsonObject task : list(executor, ts)) {
        if (taskId.equals(task.getString("id"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The objects of a list Mesos may leave out when empty. */
  private static List<JsonObject> list(JsonObject o, String key) {
    JsonArray a = o.getJsonArray(key);
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; a != null && i < a.size(); i++) {
      if (a.getValue(i) instanceof Map || a.getValue(i) instanceof JsonObject) {
        out.add(a.getJsonObject(i));
      }
    }
    return out;
  }

  private Future<List<String>> tailFile(String base, String path, int lines) {
    return read(base, path, -1, -1)
        .compose(r -> backwards(base, path, r.getLong("offset"), lines, new byte[0]));
  }

  private Future<List<String>> backwards(
      String base, String path, long end, int lines, byte[] after) {
    long start = Math.max(0, end - CHUNK);
    return read(base, path, start, end - start)
        .compose(
            r -> {
              byte[] chunk = r.getString("data", "").getBytes(StandardCharsets.UTF_8);
              byte[] all = new byte[chunk.length + after.length];
              System.arraycopy(chunk, 0, all, 0, chunk.length);
              System.arraycopy(after, 0, all, chunk.length, after.length);
              if (start > 0 && newlines(all) <= lines && all.length < MAX_BYTES) {
                return backwards(base, path, start, lines, all);
              }
              return Future.succeededFuture(lastLines(all, lines, start > 0));
            });
  }

  private static int newlines(byte[] b) {
    int n = 0;
    for (byte x : b) {
      n += x == '\n' ? 1 : 0;
    }
    return n;
  }

  /** The last {@code n} lines of the text; its first line is cut when it may be partial. */
  static List<String> lastLines(byte[] bytes, int n, boolean partialStart) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
      all.remove(all.size() - 1); // the newline that ends the file
    }
    if (partialStart && !all.isEmpty()) {
      all.remove(0);
    }
    return all.subList(Math.max(0, all.size() - n), all.size());
  }

  private Future<JsonObject> read(String base, String path, long offset, long length) {
    String url =
        base
            + "/files/read?path="
            + URLEncoder.encode(path, StandardCharsets.UTF_8)
            + (offset < 0 ? "" : "&offset=" + offset + "&length=" + length);
    return get(url).map(HttpResponse::bodyAsJsonObject);
  }

  private Future<HttpResponse<Buffer>> get(String url) {
    return http.getAbs(url)
        .timeout(timeoutMillis)
        .send()
        .compose(
            r ->
                r.statusCode() == 200
                    ? Future.succeededFuture(r)
                    : Future.failedFuture(
                        new IllegalStateException(
                            "GET "
                                + url
                                + " answered "
                                + r.statusCode()
                                + (r.bodyAsString() == null || r.bodyAsString().isBlank()
                                    ? ""
                                    : ": " + r.bodyAsString().strip()))));
  }
}

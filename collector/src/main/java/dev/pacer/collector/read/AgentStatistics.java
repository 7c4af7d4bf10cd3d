package dev.pacer.collector.read;

import dev.pacer.collector.plan.AgentRead;
import dev.pacer.collector.plan.ContainerSample;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads each agent's {@code GET /monitor/statistics} (v0; contracts, "Agent GET
 * /monitor/statistics"): at most {@code parallelism} at once, each within {@code timeout}. Keeps
 * the executors of one framework (Marathon's) only. An agent that does not answer, answers an error
 * or what is not the statistics array is an {@link AgentRead#failed} with the reason; it never
 * fails the whole read.
 */
public final class AgentStatistics {
  /** Where an agent is: its id, a name for people (its hostname), its base URL. */
  public record Agent(String id, String name, String baseUrl) {}

  private final Vertx vertx;
  private final WebClient http;
  private final int parallelism;
  private final long timeoutMillis;

  public AgentStatistics(Vertx vertx, int parallelism, Duration timeout) {
    this.vertx = vertx;
    this.http =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                .setKeepAlive(true),
            // one connection per agent read at once: the agents are many hosts, one each
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(Math.max(1, parallelism)));
    this.parallelism = parallelism;
    this.timeoutMillis = timeout.toMillis();
  }

  /** Every agent's read, in the order given; never fails. */
  public Future<List<AgentRead>> read(List<Agent> agents, String frameworkId) {
    List<AgentRead> out = new ArrayList<>(agents.size());
    for (int i = 0; i < agents.size(); i++) {
      out.add(null);
    }
    Deque<Integer> queue = new ArrayDeque<>();
    for (int i = 0; i < agents.size(); i++) {
      queue.add(i);
    }
    Promise<List<AgentRead>> done = Promise.promise();
    int[] running = {0};
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          while (running[0] < parallelism && !queue.isEmpty()) {
            int i = queue.poll();
            running[0]++;
            readOne(agents.get(i), frameworkId)
                .onComplete(
                    ar -> {
                      out.set(i, ar.result());
                      running[0]--;
                      if (queue.isEmpty() && running[0] == 0) {
                        done.tryComplete(out);
                      } else {
                        next[0].run();
                      }
                    });
          }
        };
    if (agents.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    vertx.runOnContext(v -> next[0].run());
    return done.future();
  }

  private Future<AgentRead> readOne(Agent a, String frameworkId) {
    return http.getAbs(a.baseUrl() + "/monitor/statistics")
        .timeout(timeoutMillis)
        .send()
        .map(
            r -> {
              if (r.statusCode() != 200) {
                return AgentRead.failed(a.id(), a.name(), "answered " + r.statusCode());
              }
              try {
                byte[] body = r.body() == null ? new byte[0] : r.body().getBytes();
                return AgentRead.answered(a.id(), a.name(), samples(body, frameworkId));
              } catch (RuntimeException | java.io.IOException e) {
                return AgentRead.failed(
                    a.id(), a.name(), "not the statistics array: " + e.getMessage());
              }
            })
        .otherwise(e -> AgentRead.failed(a.id(), a.name(), e.getMessage()));
  }

  private static final com.fasterxml.jackson.core.JsonFactory JSON =
      new com.fasterxml.jackson.core.JsonFactory();

  /**
   * The entries of {@code frameworkId}, absent fields as NaN, in one streaming pass: of each entry
   * only its executor id, framework id and the six statistics used are read; the rest (executor
   * names, network and perf counters) is skipped unread. Thousands of entries a cycle.
   */
  static List<ContainerSample> samples(byte[] body, String frameworkId) throws java.io.IOException {
    List<ContainerSample> out = new ArrayList<>();
    try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("not a JSON array");
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        ContainerSample s = entry(p, frameworkId);
        if (s != null) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static ContainerSample entry(com.fasterxml.jackson.core.JsonParser p, String frameworkId)
      throws java.io.IOException {
    String executor = null;
    String framework = null;
    double[] v = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
      String field = p.currentName();
      com.fasterxml.jackson.core.JsonToken t = p.nextToken();
      if (field.equals("executor_id") && t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
        executor = p.getText();
      } else if (field.equals("framework_id")
          && t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
        framework = p.getText();
      } else if (field.equals("statistics")
          && t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
          int i = STATISTICS.indexOf(p.currentName());
          com.fasterxml.jackson.core.JsonToken n = p.nextToken();
          if (i >= 0 && n.isNumeric()) {
            v[i] = p.getDoubleValue();
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    if (executor == null || !frameworkId.equals(framework) || Double.isNaN(v[0])) {
      return null;
    }
    double cpu = Double.isNaN(v[1]) || Double.isNaN(v[2]) ? Double.NaN : v[1] + v[2];
    return new ContainerSample(executor, v[0], cpu, v[3], v[4], v[5]);
  }

  /** The statistics read, in the order of {@link #entry}'s values. */
  private static final List<String> STATISTICS =
      List.of(
          "timestamp",
          "cpus_user_time_secs",
          "cpus_system_time_secs",
          "cpus_limit",
          "mem_rss_bytes",
          "mem_limit_bytes");

  public void close() {
    http.close();
  }
}

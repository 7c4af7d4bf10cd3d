package dev.pacer.collector.read;

import dev.pacer.collector.plan.AgentRead;
import dev.pacer.collector.plan.ContainerSample;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
                return AgentRead.answered(
                    a.id(), a.name(), samples(r.bodyAsJsonArray(), frameworkId));
              } catch (RuntimeException e) {
                return AgentRead.failed(
                    a.id(), a.name(), "not the statistics array: " + e.getMessage());
              }
            })
        .otherwise(e -> AgentRead.failed(a.id(), a.name(), e.getMessage()));
  }

  /** The entries of {@code frameworkId}, absent fields as NaN. */
  static List<ContainerSample> samples(JsonArray body, String frameworkId) {
    List<ContainerSample> out = new ArrayList<>(body.size());
    for (Object o : body) {
      if (!(o instanceof JsonObject e) || !frameworkId.equals(e.getString("framework_id"))) {
        continue;
      }
      JsonObject s = e.getJsonObject("statistics");
      String executor = e.getString("executor_id");
      if (s == null || executor == null || s.getValue("timestamp") == null) {
        continue;
      }
      double user = num(s, "cpus_user_time_secs");
      double system = num(s, "cpus_system_time_secs");
      out.add(
          new ContainerSample(
              executor,
              num(s, "timestamp"),
              Double.isNaN(user) || Double.isNaN(system) ? Double.NaN : user + system,
              num(s, "cpus_limit"),
              num(s, "mem_rss_bytes"),
              num(s, "mem_limit_bytes")));
    }
    return out;
  }

  private static double num(JsonObject o, String key) {
    Object v = o.getValue(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  public void close() {
    http.close();
  }
}

package dev.pacer.collector;

import static dev.pacer.testkit.Await.result;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.mesos.MesosAgentSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testsupport.ManualScheduler;
import dev.pacer.testsupport.PacerHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the collector's ITs share: simulated Mesos agents on the test's virtual clock (so every
 * counter is known), a real carbon-cache + graphite-web whose points are read back through /render,
 * and a Pacer running the collector alone.
 */
abstract class CollectorITBase {
  static final String FW = MesosMasterSimulator.MARATHON_FRAMEWORK_ID;
  static final long MIB = 1024 * 1024;
  // Virtual time starts 2 minutes back, so the points it stamps never lie in carbon's future:
  // whisper drops a point newer than its wall clock, and a test moves virtual time on faster.
  final ManualScheduler time = new ManualScheduler(Instant.now().minus(Duration.ofMinutes(2)));
  final String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".marathon";
  final Graphite graphite = Graphite.shared();
  Vertx vertx;
  MarathonSimulator marathon;
  MesosMasterSimulator master;
  PacerHarness pacer;
  final List<dev.pacer.common.events.PacerEvent> actions =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    master = result(MesosMasterSimulator.start(vertx));
  }

  @AfterEach
  void stop() {
    if (pacer != null) {
      pacer.close();
    }
    result(vertx.close());
  }

  MesosAgentSimulator agent(String hostname) {
    MesosAgentSimulator a = result(MesosAgentSimulator.start(vertx, time.clock()));
    master.addAgent(
        hostname, "127.0.0.1", a.agentPort(), Map.of("pool", "scaling"), 8, 32768, 100000);
    return a;
  }

  /** A Marathon task on the master and its container on the agent. */
  static void task(
      MesosMasterSimulator master,
      MesosAgentSimulator agent,
      String hostname,
      String taskId,
      double cpus,
      Long memLimit) {
    master.addTask(hostname, taskId, cpus, 128, 0);
    agent.run(taskId, FW, cpus + 0.1, memLimit);
  }

  void startPacer(Map<String, String> more) {
    Map<String, String> o = new HashMap<>();
    o.put("pacer.collector.enabled", "true");
    o.put("pacer.collector.carbon", "127.0.0.1:" + graphite.linePort());
    o.put("pacer.collector.prefix", prefix);
    o.put("pacer.collector.pool-prefix", prefix + "-pools");
    o.put("pacer.collector.agent-timeout", "500ms");
    o.put("pacer.mesos.urls", "[\"" + master.url() + "\"]");
    o.put("pacer.marathon.events.enabled", "false");
    o.putAll(more);
    pacer =
        PacerHarness.start(
            marathon.url(), o, List.<DaemonModule<?>>of(new CollectorMain()), actions, time);
  }

  /** Moves virtual time on to the next cycle and waits until that cycle ended. */
  void cycle(Duration by) {
    Object before = lastCycleAt();
    time.advance(by);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lastCycleAt() != null && !lastCycleAt().equals(before));
  }

  Object lastCycleAt() {
    JsonObject c = pacer.status().getJsonObject("collector");
    return c == null ? null : c.getJsonObject("last-cycle", new JsonObject()).getValue("at");
  }

  /** The newest non-null value graphite-web serves for {@code path} in the last hour, if any. */
  OptionalDouble served(String path) throws Exception {
    List<Double> all = values(path);
    return all.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(all.get(all.size() - 1));
  }

  /** Every non-null value graphite-web serves for {@code path} in the last hour, oldest first. */
  List<Double> values(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            graphite.url()
                                + "/render?format=json&noCache=true&from=-1h&until=now%2B1h&target="
                                + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonArray series = new JsonArray(r.body());
    List<Double> out = new java.util.ArrayList<>();
    for (Object s : series) {
      for (Object p : ((JsonObject) s).getJsonArray("datapoints")) {
        Object v = ((JsonArray) p).getValue(0);
        if (v instanceof Number n) {
          out.add(n.doubleValue());
        }
      }
    }
    return out;
  }

  double awaitServed(String path) {
    double[] v = {Double.NaN};
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              OptionalDouble d = served(path);
              d.ifPresent(x -> v[0] = x);
              return d.isPresent();
            });
    return v[0];
  }
}

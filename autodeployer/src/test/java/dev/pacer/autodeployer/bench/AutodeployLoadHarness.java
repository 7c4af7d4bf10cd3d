package dev.pacer.autodeployer.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.pacer.autodeployer.AutodeployerMain;
import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/**
 * End-to-end load run of the autodeployer: Pacer (local or Kafka backbone) against the Marathon
 * simulator with {@value #APPS} labelled apps, on loopback. Part 1 paces single pushes and measures
 * from the notification POST to the simulator receiving the image PUT (p50/p99). Part 2 sends
 * notifications as fast as {@value #CONCURRENCY} connections allow and reports the sustained rate
 * at which they are accepted, then checks that every app ends at its newest image (none lost).
 * Bounded in count and time. Args: [local|kafka].
 */
public final class AutodeployLoadHarness {
  static final int APPS = 10_000;
  static final int PACED = 2_000;
  static final int PACED_RATE = 200;
  static final int BLAST = 20_000;
  static final int CONCURRENCY = 64;

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "local";
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT").setLevel(Level.WARN);
    Vertx vertx = Vertx.vertx();
    MarathonSimulator sim = await(MarathonSimulator.start(vertx, Clock.systemUTC()));
    for (int i = 0; i < APPS; i++) {
      sim.seedApp(
          new JsonObject()
              .put("id", "/bench/svc-" + i)
              .put("instances", 2)
              .put("labels", new JsonObject().put("autodeploy", "acme/svc-" + i + ":master*"))
              .put(
                  "container",
                  new JsonObject()
                      .put("type", "DOCKER")
                      .put(
                          "docker",
                          new JsonObject().put("image", "r.io/acme/svc-" + i + ":master-0"))));
    }
    KafkaBroker broker = backend.equals("kafka") ? KafkaBroker.start() : null;
    Map<String, String> o =
        new HashMap<>(
            Map.of(
                "pacer.marathon.urls",
                "[\"" + sim.url() + "\"]",
                "pacer.http.host",
                "127.0.0.1",
                "pacer.http.port",
                "0",
                "pacer.autodeployer.webhook-token",
                "t",
                "pacer.autodeployer.manifest-check",
                "false",
                "pacer.events.backend",
                backend));
    if (broker != null) {
      o.put("pacer.kafka.bootstrap-servers", broker.bootstrapServers());
    }
    PacerProcess pacer =
        PacerProcess.prepare(
            ConfigLoader.load(Optional.empty(), o),
            List.of(new AutodeployerMain()),
            Clock.systemUTC());
    await(pacer.start());
    WebClient http =
        WebClient.create(
            vertx,
            new WebClientOptions(),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(CONCURRENCY));
    try {
      Awaitility.await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> watched(http, pacer.httpPort()) == APPS);
      warmUp(sim, http, pacer.httpPort());
      paced(sim, http, pacer.httpPort(), backend);
      blast(sim, http, pacer.httpPort(), backend);
    } finally {
      await(pacer.stop());
      await(vertx.close());
      if (broker != null) {
        broker.close();
      }
    }
  }

  /**
   * 1,000 unmeasured pushes to apps the measured runs do not use: JIT, connection pools, and the
   * full resync that Marathon's stream attach triggers (10,000 apps) are behind us afterwards.
   */
  private static void warmUp(MarathonSimulator sim, WebClient http, int port) {
    sim.clearRequests();
    for (int i = 0; i < 1000; i++) {
      post(http, port, APPS - 1 - i, "master-w1");
    }
    Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> puts(sim).size() >= 1000);
  }

  private static void paced(MarathonSimulator sim, WebClient http, int port, String backend)
      throws Exception {
    sim.clearRequests();
    long[] sent = new long[PACED];
    long interval = 1_000_000_000L / PACED_RATE;
    long start = System.nanoTime();
    for (int i = 0; i < PACED; i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait); // pacing the load, not synchronising
      }
      sent[i] = System.nanoTime();
      post(http, port, i, "master-p1");
    }
    Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> puts(sim).size() >= PACED);
    long[] latency =
        puts(sim).stream().mapToLong(r -> r.receivedNanos() - sent[app(r)]).sorted().toArray();
    System.out.printf(
        "autodeploy [%s] notification POST -> Marathon PUT, %d apps, %d pushes at %d/s:%n",
        backend, APPS, PACED, PACED_RATE);
    System.out.printf(
        "  p50=%.2f ms  p99=%.2f ms  max=%.2f ms%n",
        latency[latency.length / 2] / 1e6,
        latency[(int) (latency.length * 0.99)] / 1e6,
        latency[latency.length - 1] / 1e6);
  }

  private static void blast(MarathonSimulator sim, WebClient http, int port, String backend)
      throws Exception {
    Semaphore inFlight = new Semaphore(CONCURRENCY);
    CountDownLatch done = new CountDownLatch(BLAST);
    AtomicInteger refused = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < BLAST; i++) {
      inFlight.acquire();
      post(http, port, i % APPS, "master-b" + (i / APPS))
          .onComplete(
              ar -> {
                if (ar.failed() || ar.result().statusCode() != 200) {
                  refused.incrementAndGet();
                }
                inFlight.release();
                done.countDown();
              });
    }
    if (!done.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("notifications not answered within 5 minutes");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "autodeploy [%s] sustained: %d notifications in %.1f s = %.0f/s accepted (%d refused)%n",
        backend, BLAST, seconds, BLAST / seconds, refused.get());
    String newest = "master-b" + ((BLAST - 1) / APPS);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    int behind;
    do {
      behind = 0;
      for (int j = 0; j < APPS; j++) {
        String image =
            sim.storedApp("/bench/svc-" + j)
                .getJsonObject("container")
                .getJsonObject("docker")
                .getString("image");
        if (!image.endsWith(":" + newest)) {
          behind++;
        }
      }
    } while (behind > 0 && System.nanoTime() < deadline);
    System.out.printf(
        "  every app at its newest image after %.1f s: %s (%d behind)%n",
        (System.nanoTime() - start) / 1e9, behind == 0 ? "yes, none lost" : "NO", behind);
  }

  private static io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<Buffer>> post(
      WebClient http, int port, int app, String tag) {
    JsonObject e =
        new JsonObject()
            .put("id", "bench-" + app + "-" + tag + "-" + System.nanoTime())
            .put("timestamp", Instant.now().toString())
            .put("action", "push")
            .put(
                "target",
                new JsonObject()
                    .put("mediaType", "application/vnd.docker.distribution.manifest.v2+json")
                    .put("digest", "sha256:" + app + tag)
                    .put("repository", "acme/svc-" + app)
                    .put("tag", tag))
            .put("request", new JsonObject().put("host", "r.io"));
    return http.post(port, "127.0.0.1", "/registry/events")
        .bearerTokenAuthentication("t")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(new JsonObject().put("events", new JsonArray().add(e)).toBuffer());
  }

  private static List<RecordedRequest> puts(MarathonSimulator sim) {
    return sim.requests("PUT", "/v2/apps/bench/");
  }

  private static int app(RecordedRequest r) {
    return Integer.parseInt(r.path().substring("/v2/apps/bench/svc-".length()));
  }

  private static int watched(WebClient http, int port) throws Exception {
    var r = await(http.get(port, "127.0.0.1", "/status").send());
    return r.bodyAsJsonObject().getJsonObject("autodeployer").getInteger("watched");
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}

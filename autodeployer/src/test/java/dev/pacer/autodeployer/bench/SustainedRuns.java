package dev.pacer.autodeployer.bench;

import static dev.pacer.autodeployer.bench.AutodeployLoadHarness.APPS;

import dev.pacer.testkit.marathon.MarathonSimulator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * The load harness's sustained runs: notifications sent as fast as {@value
 * AutodeployLoadHarness#CONCURRENCY} connections allow, the rate at which Pacer accepted them, the
 * CPU each JVM used meanwhile, and then whether every app reached its newest image (none lost).
 */
final class SustainedRuns {
  static final int BLAST = 20_000;
  static final int LAYERS = 4;

  private final MarathonSimulator sim;
  private final WebClient http;
  private final int port;
  private final String backend;
  private final long pacerPid;

  SustainedRuns(MarathonSimulator sim, WebClient http, int port, String backend, long pacerPid) {
    this.sim = sim;
    this.http = http;
    this.port = port;
    this.backend = backend;
    this.pacerPid = pacerPid;
  }

  /**
   * Sends {@code events} as fast as {@value AutodeployLoadHarness#CONCURRENCY} connections allow,
   * reports the rate at which they were accepted, then waits until every app runs {@code newest}.
   */
  private void blast(String what, List<JsonObject> events, String newest) throws Exception {
    // Encoded before the clock starts: a registry's cost is not Pacer's, and the two cores are
    // shared.
    List<Buffer> bodies = events.stream().map(RegistryLoad::envelope).toList();
    Semaphore inFlight = new Semaphore(AutodeployLoadHarness.CONCURRENCY);
    CountDownLatch done = new CountDownLatch(events.size());
    AtomicInteger refused = new AtomicInteger();
    long pacerCpu0 = ProcStat.cpuMillis(pacerPid);
    long ownCpu0 = ProcStat.cpuMillis(AutodeployLoadHarness.SELF);
    long start = System.nanoTime();
    for (Buffer body : bodies) {
      inFlight.acquire();
      RegistryLoad.post(http, port, body)
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
        "autodeploy [%s] sustained, %s: %d notifications in %.1f s = %.0f/s accepted (%d refused)%n",
        backend, what, events.size(), seconds, events.size() / seconds, refused.get());
    System.out.printf(
        "  meanwhile Pacer used %.2f cores, the simulator's JVM (load%s) %.2f%n",
        (ProcStat.cpuMillis(pacerPid) - pacerCpu0) / (seconds * 1000),
        backend.equals("kafka") ? ", broker" : "",
        (ProcStat.cpuMillis(AutodeployLoadHarness.SELF) - ownCpu0) / (seconds * 1000));
    if (newest == null) {
      return;
    }
    try {
      Awaitility.await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> behind(newest) == 0);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // reported below
    }
    int behind = behind(newest);
    System.out.printf(
        "  every app at its newest image after %.1f s: %s (%d behind)%n",
        (System.nanoTime() - start) / 1e9, behind == 0 ? "yes, none lost" : "NO", behind);
  }

  /** Two tag pushes per app, every notification a deploy (or a queued one). */
  void tagPushes() throws Exception {
    List<JsonObject> events = new ArrayList<>(BLAST);
    for (int i = 0; i < BLAST; i++) {
      events.add(RegistryLoad.manifestPush(i % APPS, "master-b" + (i / APPS)));
    }
    blast("tag pushes only", events, "master-b" + ((BLAST - 1) / APPS));
  }

  /**
   * What a registry sends when images are pushed: an event per uploaded layer, then the manifest's.
   * {@value AutodeployLoadHarness#APPS} images of {@value #LAYERS} new layers each.
   */
  void registryMix() throws Exception {
    List<JsonObject> events = new ArrayList<>(APPS * (LAYERS + 1));
    for (int app = 0; app < APPS; app++) {
      for (int layer = 0; layer < LAYERS; layer++) {
        events.add(RegistryLoad.blobPush(app, layer));
      }
      events.add(RegistryLoad.manifestPush(app, "master-m0"));
    }
    blast(LAYERS + " layer events per tag push", events, "master-m0");
  }

  /** pacer_autodeployer_notifications_total{result="accepted"} from /metrics. */
  private double accepted() throws Exception {
    String metrics =
        AutodeployLoadHarness.await(http.get(port, "127.0.0.1", "/metrics").send()).bodyAsString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("pacer_autodeployer_notifications_total{result=\"accepted\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * Tag pushes of repositories no app watches (most of a registry's): each is accepted durably
   * (queued, or acknowledged by Kafka) and handled, and deploys nothing. The ingest ceiling.
   */
  void unwatched() throws Exception {
    List<JsonObject> events = new ArrayList<>(BLAST);
    for (int i = 0; i < BLAST; i++) {
      JsonObject e = RegistryLoad.manifestPush(i % APPS, "master-u" + (i / APPS));
      e.getJsonObject("target").put("repository", "other/unwatched-" + (i % APPS));
      events.add(e);
    }
    sim.clearRequests();
    double before = accepted();
    blast("tag pushes no app watches", events, null);
    System.out.printf(
        "  accepted by the webhook: %.0f of %d; deploys: %d (expected none)%n",
        accepted() - before, BLAST, AutodeployLoadHarness.puts(sim).size());
  }

  /** Apps not yet at the tag {@code newest}: a lost push shows here. */
  private int behind(String newest) {
    int behind = 0;
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
    return behind;
  }
}

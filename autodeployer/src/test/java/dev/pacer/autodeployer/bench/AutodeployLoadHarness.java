package dev.pacer.autodeployer.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.KafkaBroker;
import dev.pacer.testkit.servers.Ports;
import dev.pacer.testsupport.PacerJar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/**
 * End-to-end load run of the autodeployer: Pacer ({@code pacer.jar}, in its own JVM; local or Kafka
 * backbone) against the Marathon simulator with {@value #APPS} labelled apps, on loopback. Part 1
 * paces single pushes and measures from the notification POST to the simulator receiving the image
 * PUT (p50/p99). Part 2 sends notifications as fast as {@value #CONCURRENCY} connections allow and
 * reports the sustained rate at which they are accepted, then checks that every app ends at its
 * newest image (none lost). Bounded in count and time. Args: [local|kafka].
 */
public final class AutodeployLoadHarness {
  static final int APPS = 10_000;
  static final int PACED = 2_000;
  static final int WARM_UP = 6_000;

  /** Warm-up rounds after the first: pushes each, at most how many, and the JIT's quiet. */
  static final int WARM_UP_ROUND = 2_000;

  static final int WARM_UP_ROUNDS = 16;
  static final long JIT_QUIET_MS = 300;

  static final long SELF = ProcessHandle.current().pid();

  /** Warm-up pace. */
  static final int WARM_UP_RATE = 200;

  /** The measured pace: -Dbench.rate=N (default 200 pushes a second). */
  static final int PACED_RATE = Integer.getInteger("bench.rate", 200);

  /** -Dbench.only=latency skips the throughput runs. */
  static final boolean ONLY_LATENCY = "latency".equals(System.getProperty("bench.only"));

  static final int CONCURRENCY = 64;
  static final Path JAR = Path.of("launcher/target/pacer.jar").toAbsolutePath();

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "local";
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT").setLevel(Level.WARN);
    Vertx vertx = Vertx.vertx();
    MarathonSimulator sim = await(MarathonSimulator.start(vertx, Clock.systemUTC()));
    for (int i = 0; i < APPS; i++) {
      sim.seedApp(
          AppDefinitions.docker(
              "/bench/svc-" + i,
              "r.io/acme/svc-" + i + ":master-0",
              2,
              new JsonObject().put("autodeploy", "acme/svc-" + i + ":master*")));
    }
    KafkaBroker broker = backend.equals("kafka") ? KafkaBroker.start() : null;
    int port = Ports.free();
    Map<String, String> base = new LinkedHashMap<>();
    base.put("pacer.marathon.urls", "[\"" + sim.url() + "\"]");
    base.put("pacer.http.host", "127.0.0.1");
    base.put("pacer.http.port", String.valueOf(port));
    base.put("pacer.logging.level", "WARN");
    base.put("pacer.autodeployer.webhook-token", "t");
    base.put("pacer.autodeployer.manifest-check", "false");
    base.put("pacer.events.backend", backend);
    List<String> cmd = new ArrayList<>(PacerJar.command(JAR, "autodeployer", base));
    List<String> settings =
        new ArrayList<>(List.of(System.getProperty("bench.pacer", "").split(";")));
    if (broker != null) {
      settings.add("pacer.kafka.bootstrap-servers=" + broker.bootstrapServers());
    }
    // -Dbench.pacer="key=value;key=value": settings to try, given to Pacer as -D key=value
    settings.stream().filter(kv -> !kv.isBlank()).forEach(kv -> cmd.addAll(List.of("-D", kv)));
    String javaOpts = System.getenv().getOrDefault("PACER_JAVA_OPTS", "").strip();
    if (!javaOpts.isEmpty()) {
      cmd.addAll(1, List.of(javaOpts.split("\\s+"))); // as bin/pacer passes them
    }
    Path log = Files.createTempFile("pacer-bench-", ".log");
    // Pacer in its own JVM, started as users start it: the simulator, the load and the broker
    // here do not share its heap or its GC pauses.
    Process pacer = PacerJar.start(cmd, log);
    WebClient http =
        WebClient.create(
            vertx,
            new WebClientOptions(),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(CONCURRENCY));
    try {
      Awaitility.await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(() -> watched(http, port) == APPS);
      warmUp(sim, http, port, pacer.pid());
      ProcStat.reportIdle(pacer.pid(), Long.getLong("bench.idle", 0));
      long cpu0 = ProcStat.cpuMillis(pacer.pid());
      long jit0 = ProcStat.jitCpuMillis(pacer.pid()) + ProcStat.jitCpuMillis(SELF);
      long wall0 = System.nanoTime();
      paced(sim, http, port, backend);
      long cpu = ProcStat.cpuMillis(pacer.pid()) - cpu0;
      if (cpu0 >= 0) {
        System.out.printf(
            "  Pacer's own CPU over the paced run: %.2f cores, %.2f ms per notification;"
                + " JIT compilers of both JVMs: %.2f cores%n",
            cpu / ((System.nanoTime() - wall0) / 1e6),
            (double) cpu / PACED,
            (ProcStat.jitCpuMillis(pacer.pid()) + ProcStat.jitCpuMillis(SELF) - jit0)
                / ((System.nanoTime() - wall0) / 1e6));
      }
      if (!ONLY_LATENCY) {
        SustainedRuns runs = new SustainedRuns(sim, http, port, backend, pacer.pid());
        runs.tagPushes();
        runs.registryMix();
        runs.unwatched();
      }
    } finally {
      pacer.destroy();
      if (!pacer.waitFor(30, TimeUnit.SECONDS)) {
        pacer.destroyForcibly();
      }
      System.out.println("  (Pacer's log: " + log + ")");
      await(vertx.close());
      if (broker != null) {
        broker.close();
      }
    }
  }

  /**
   * {@value #WARM_UP} unmeasured pushes, paced like the measured ones, to apps the measured runs do
   * not use: the JIT has compiled the hot path, the connection pools are full, and the full resync
   * that Marathon's stream attach triggers (10,000 apps) is behind us afterwards. Then rounds of
   * {@value #WARM_UP_ROUND} more, until the JIT compilers of both JVMs (Pacer's, and this one's:
   * the simulator and the broker) used under {@value #JIT_QUIET_MS} ms of CPU over a round, or
   * {@value #WARM_UP_ROUNDS} rounds passed. Waiting with no load is not enough: C2 recompiles
   * (after an uncommon trap) only when the load comes back, and then competes with it for the two
   * cores. A server that has run for a while has that behind it.
   */
  private static void warmUp(MarathonSimulator sim, WebClient http, int port, long pacerPid) {
    sim.clearRequests();
    pushes(http, port, WARM_UP, WARM_UP_RATE, "master-w1");
    Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> puts(sim).size() >= WARM_UP);
    for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
      long pacerJit0 = ProcStat.jitCpuMillis(pacerPid);
      long ownJit0 = ProcStat.jitCpuMillis(SELF);
      sim.clearRequests();
      pushes(http, port, WARM_UP_ROUND, WARM_UP_RATE, "master-w" + (round + 1));
      Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> puts(sim).size() >= WARM_UP_ROUND);
      long pacerJit = ProcStat.jitCpuMillis(pacerPid) - pacerJit0;
      long ownJit = ProcStat.jitCpuMillis(SELF) - ownJit0;
      System.out.printf(
          "  warm-up round %d: %d pushes at %d/s; JIT compilers used %d ms in Pacer, %d ms in"
              + " the simulator's JVM%n",
          round, WARM_UP_ROUND, WARM_UP_RATE, pacerJit, ownJit);
      if (pacerJit + ownJit < JIT_QUIET_MS) {
        return;
      }
    }
  }

  /** {@code count} pushes of {@code tag} at {@code rate}, to apps from the last one down. */
  private static void pushes(WebClient http, int port, int count, int rate, String tag) {
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait); // pacing the load, not synchronising
      }
      RegistryLoad.post(http, port, APPS - 1 - i, tag);
    }
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
      RegistryLoad.post(http, port, i, "master-p1");
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
    long[] byIndex = new long[PACED];
    puts(sim).forEach(r -> byIndex[app(r)] = r.receivedNanos() - sent[app(r)]);
    StringBuilder trend = new StringBuilder("  over the run, p50 per 10 %:");
    for (int k = 0; k < 10; k++) {
      long[] part =
          java.util.Arrays.stream(byIndex, k * PACED / 10, (k + 1) * PACED / 10).sorted().toArray();
      trend.append(String.format(" %.1f", part[part.length / 2] / 1e6));
    }
    System.out.println(trend.append(" ms"));
    long[] toGet = new long[PACED];
    for (RecordedRequest r : sim.requests("GET", "/v2/apps/bench/")) {
      int i = app(r);
      if (i < PACED && toGet[i] == 0) {
        toGet[i] = r.receivedNanos() - sent[i];
      }
    }
    long[] ingest = java.util.Arrays.stream(toGet).filter(x -> x > 0).sorted().toArray();
    System.out.printf(
        "  of which POST -> Marathon GET of the app: p50=%.2f ms  p99=%.2f ms%n",
        ingest[ingest.length / 2] / 1e6, ingest[(int) (ingest.length * 0.99)] / 1e6);
  }

  static List<RecordedRequest> puts(MarathonSimulator sim) {
    return sim.requests("PUT", "/v2/apps/bench/");
  }

  private static int app(RecordedRequest r) {
    return Integer.parseInt(r.path().substring("/v2/apps/bench/svc-".length()));
  }

  private static int watched(WebClient http, int port) throws Exception {
    var r = await(http.get(port, "127.0.0.1", "/status").send());
    return r.bodyAsJsonObject().getJsonObject("autodeployer").getInteger("watched");
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}

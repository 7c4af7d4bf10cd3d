package dev.pacer.launcher.bench;

import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench start [APPS] [RUNS]}: how long {@code java -jar pacer.jar run} takes from the
 * process's start to {@code /ready} answering 200, with APPS labelled apps in a Marathon simulator
 * (autodeploy and autoscale labels; the autodeployer and the slack-notifier (console) enabled, as a
 * minimal deployment beside Marathon). Each run is a fresh JVM; prints each run and the median.
 */
public final class StartToReady {
  private StartToReady() {}

  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> extra = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      extra.add(args[i]);
    }
    // "bin/pacer": as a user starts it (class-data sharing included); else java -jar + JVM args
    boolean viaBinPacer = extra.remove("bin/pacer");
    Path jar = Path.of("launcher/target/pacer.jar").toAbsolutePath();
    Vertx vertx = Vertx.vertx();
    MarathonSimulator sim =
        MarathonSimulator.start(vertx, Clock.systemUTC())
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    for (int i = 0; i < apps; i++) {
      sim.seedApp(
          AppDefinitions.docker(
              "/bench/app-" + i,
              "r.io/bench/app-" + i + ":master-1",
              2,
              new JsonObject()
                  .put("autodeploy", "bench/app-" + i + ":master*")
                  .put(
                      "autoscale",
                      "{ minInstances = 1, maxInstances = 4, graphite = { target = \"x\","
                          + " down = 0.2, up = 0.7 } }")));
    }
    // the simulator runs in this JVM: warm it up, so the runs measure Pacer, not its JIT
    HttpClient warm = HttpClient.newHttpClient();
    long answer = 0;
    long bytes = 0;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      bytes =
          warm.send(
                  HttpRequest.newBuilder(URI.create(sim.url() + "/v2/apps?label=autodeploy"))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body()
              .length;
      answer = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
    }
    System.out.printf(
        "the simulator answers GET /v2/apps?label=autodeploy (%d apps, %d KiB) in %d ms%n",
        apps, bytes / 1024, answer);
    Path dir = Files.createTempDirectory("pacer-start");
    int port = freePort();
    Path conf = dir.resolve("pacer.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "pacer {",
            "  marathon.urls = [\"" + sim.url() + "\"]",
            "  http { host = 127.0.0.1, port = " + port + " }",
            "  state-dir = \"" + dir + "\"",
            "  autodeployer { enabled = true, webhook-token = bench-token }",
            "  autoscaler.enabled = false",
            "  agent-scaler.enabled = false",
            "  slack-notifier.enabled = true",
            "}",
            ""));
    HttpClient http = HttpClient.newHttpClient();
    List<Long> took = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      List<String> cmd = new ArrayList<>();
      if (viaBinPacer) {
        cmd.add(Path.of("bin/pacer").toAbsolutePath().toString());
      } else {
        cmd.add("java");
        cmd.addAll(extra);
        cmd.addAll(List.of("-jar", jar.toString()));
      }
      cmd.addAll(List.of("run", "-c", conf.toString()));
      Path log = dir.resolve("run-" + r + ".log");
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long[] ms = {-1};
      // polling the child's /ready every 5 ms: when it first answers 200 is what is measured
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(5))
          .pollDelay(Duration.ZERO)
          .until(
              () -> {
                if (ready(http, port)) {
                  ms[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                  return true;
                }
                if (!p.isAlive()) {
                  throw new IllegalStateException(
                      "pacer exited with "
                          + p.exitValue()
                          + " before it was ready: "
                          + Files.readString(log));
                }
                return false;
              });
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
      System.out.printf(
          "run %d: %d apps, start to ready %d ms (log %s)%n", r + 1, apps, ms[0], log);
      took.add(ms[0]);
    }
    List<Long> sorted = took.stream().sorted().toList();
    System.out.printf(
        "start to ready with %d apps over %d runs: median %d ms, min %d ms, max %d ms%n",
        apps, runs, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    sim.close();
    vertx.close();
  }

  private static boolean ready(HttpClient http, int port) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                      .timeout(Duration.ofSeconds(1))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (var s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

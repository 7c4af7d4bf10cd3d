package dev.pacer.launcher.bench;

import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.DockerRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * {@code bin/bench deploy [RUNS]}: {@code bin/pacer deploy apps/web.conf --yes} as a user runs it
 * (class-data sharing included), against the real registry (the image check) and the Marathon
 * simulator in this JVM. Per run: from the process's start to the simulator receiving the PUT (JVM
 * start, render, schema, registry HEAD, GET, event stream attached, PUT), and from the simulator
 * emitting {@code deployment_success} to the process having exited. Prints each run and the p50
 * (default 20 runs).
 */
public final class DeployLatency {
  private DeployLatency() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Vertx vertx = Vertx.vertx();
    MarathonSimulator sim =
        MarathonSimulator.start(vertx, Clock.systemUTC())
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    // a deployment stays in flight until the harness ends it: then deployment_success is emitted
    sim.deploymentDuration(Duration.ofMinutes(10));
    try (DockerRegistry registry = DockerRegistry.start()) {
      Path dir = Files.createTempDirectory("pacer-deploy-bench");
      Path conf = dir.resolve("pacer.conf");
      Files.writeString(
          conf,
          "pacer.marathon.urls = [\""
              + sim.url()
              + "\"]\npacer.autodeployer.registry.url = \""
              + registry.url()
              + "\"\n");
      List<Long> toPut = new ArrayList<>();
      List<Long> toExit = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        String tag = "1.0." + r;
        registry.push("bench/web", tag);
        sim.seedApp(
            AppDefinitions.docker(
                "/bench/web", registry.host() + "/bench/web:0", 3, new JsonObject()));
        Path app = dir.resolve("web.conf");
        Files.writeString(
            app,
            "id = /bench/web\ninstances = 3\ncpus = 0.5\nmem = 256\n"
                + "container { type = DOCKER, docker.image = \""
                + registry.host()
                + "/bench/web:"
                + tag
                + "\" }\n"
                + "autoscale {\n  minInstances = 3\n  maxInstances = 9\n  cooldown = 900\n"
                + "  graphite { target = mesos.marathon.${id}.cpu_util, down = 0.4, up = 0.7 }\n}\n");
        sim.clearRequests();
        Path log = dir.resolve("deploy-" + r + ".log");
        ProcessBuilder pb =
            new ProcessBuilder(
                    Path.of("bin/pacer").toAbsolutePath().toString(),
                    "deploy",
                    app.toString(),
                    "--yes",
                    "-c",
                    conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(2))
            .until(() -> !sim.requests("PUT", "/v2/apps/bench/web").isEmpty() || !p.isAlive());
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "pacer deploy exited before its PUT: " + Files.readString(log));
        }
        RecordedRequest put = sim.requests("PUT", "/v2/apps/bench/web").get(0);
        long end = System.nanoTime();
        sim.finishDeploymentsNow();
        long success = System.nanoTime();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("pacer deploy did not exit: " + Files.readString(log));
        }
        long exited = System.nanoTime();
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              "pacer deploy exited " + p.exitValue() + ": " + Files.readString(log));
        }
        long put_ms = TimeUnit.NANOSECONDS.toMillis(put.receivedNanos() - t0);
        long exit_ms = TimeUnit.NANOSECONDS.toMillis(exited - success);
        toPut.add(put_ms);
        toExit.add(exit_ms);
        System.out.printf(
            "run %d: start to PUT %d ms; deployment_success to exit %d ms (%d ms between)%n",
            r + 1, put_ms, exit_ms, TimeUnit.NANOSECONDS.toMillis(success - end));
      }
      System.out.printf(
          "pacer deploy over %d runs: start to PUT p50 %d ms (min %d, max %d);"
              + " deployment_success to exit p50 %d ms (min %d, max %d)%n",
          runs, p50(toPut), min(toPut), max(toPut), p50(toExit), min(toExit), max(toExit));
    } finally {
      sim.close();
      vertx.close();
    }
  }

  private static long p50(List<Long> l) {
    return l.stream().sorted().toList().get(l.size() / 2);
  }

  private static long min(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).min().orElse(0);
  }

  private static long max(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}

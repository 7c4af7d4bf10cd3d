package dev.pacer.launcher;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.common.runtime.ProcessRunner;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code pacer train-cds} (hidden): starts a Pacer with every daemon but the agent-scaler against
 * the demo's simulated Marathon (twenty labelled apps), waits until it started, and stops it. It
 * changes nothing anywhere; {@code bin/pacer cds} runs it with {@code -XX:ArchiveClassesAtExit} so
 * the JVM archives the classes a start loads (class-data sharing; README, performance).
 */
@Command(
    name = "train-cds",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Start and stop a Pacer against a simulated Marathon (for bin/pacer cds).")
final class DemoTraining implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    Path stateDir = Files.createTempDirectory("pacer-train-cds");
    try {
      MarathonSimulator sim = get(MarathonSimulator.start(vertx, Clock.systemUTC()));
      for (int i = 0; i < 20; i++) {
        sim.seedApp(
            AppDefinitions.docker(
                "/train/app-" + i,
                "r.io/train/app-" + i + ":master-1",
                1,
                new JsonObject()
                    .put("autodeploy", "train/app-" + i + ":master*")
                    .put(
                        "autoscale",
                        "{ minInstances = 1, maxInstances = 2, graphite = { target = \"x\","
                            + " down = 0.2, up = 0.7 } }")));
      }
      Map<String, String> o = new HashMap<>();
      o.put("pacer.marathon.urls", "[\"" + sim.url() + "\"]");
      o.put("pacer.http.host", "127.0.0.1");
      o.put("pacer.http.port", "0");
      o.put("pacer.state-dir", stateDir.toString());
      o.put("pacer.autodeployer.webhook-token", "train-cds");
      // nothing listens there: the autoscaler's first cycle fails fast, its classes loaded
      o.put("pacer.autoscaler.graphite.url", "http://127.0.0.1:1");
      o.put("pacer.agent-scaler.enabled", "false");
      PacerProcess pacer =
          PacerProcess.prepare(
              ConfigLoader.load(Optional.empty(), o), Daemons.ALL, Clock.systemUTC());
      get(pacer.start());
      get(pacer.stop());
      deploy(sim, stateDir);
      get(sim.close());
      return ProcessRunner.OK;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (var files = Files.walk(stateDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A {@code pacer deploy} of an app config (rendered, checked against the schema, PUT, followed to
   * its success) against the same simulated Marathon: the deploy commands map the archive too.
   */
  private static void deploy(MarathonSimulator sim, Path dir) throws java.io.IOException {
    Path app = dir.resolve("train.conf");
    Files.writeString(
        app,
        "id = /train/deploy\ninstances = 1\ncontainer.docker.image = \"r.io/train/deploy:1\"\n"
            + "env.A = 1\nautoscale {\n  minInstances = 1\n  maxInstances = 2\n  cooldown = 60\n"
            + "  graphite { target = mesos.marathon.${id}.cpu_util, down = 0.2, up = 0.7 }\n}\n"
            + "autodeploy = \"train/deploy:master*\"\nslack.channel = \"#train\"\n");
    java.io.PrintStream none = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    dev.pacer.deploy.DeployMain.deploy(
        new dev.pacer.deploy.DeployOptions(
            app,
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false,
            java.time.Duration.ofSeconds(30),
            Optional.of(sim.url()),
            Optional.empty(),
            true,
            false,
            false,
            0,
            3,
            false,
            Optional.empty(),
            "train-cds",
            false),
        new dev.pacer.deploy.Terminal(
            none,
            none,
            new java.io.BufferedReader(new java.io.StringReader("")),
            false,
            Clock.systemUTC()));
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}

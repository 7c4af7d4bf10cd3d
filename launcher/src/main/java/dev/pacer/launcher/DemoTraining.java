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
      backtest(stateDir);
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
  /**
   * A {@code pacer backtest}'s work without Graphite: three policies replayed over a day of a
   * made-up metric and instance series, and their report drawn (the charts' classes are many).
   */
  static void backtest(Path dir) throws java.io.IOException {
    long start = java.time.Instant.now().getEpochSecond() / 60 * 60 - 86_400;
    double[] cpu = new double[1440];
    double[] instances = new double[1440];
    long[] times = new long[1440];
    for (int i = 0; i < cpu.length; i++) {
      times[i] = start + i * 60L;
      instances[i] = i < 720 ? 4 : 5;
      cpu[i] = 0.55 + 0.3 * Math.sin(i / 1440.0 * 2 * Math.PI) + (i % 7) * 0.01;
    }
    String target = "mesos.marathon.train.app.cpu_util";
    var history =
        new dev.pacer.autoscaler.backtest.History(
            Map.of(target, new dev.pacer.autoscaler.metrics.Series(target, cpu, times)),
            new dev.pacer.autoscaler.metrics.Series("i", instances, times),
            "mesos.marathon.train.app.instances",
            3);
    var range =
        new dev.pacer.autoscaler.backtest.Replay.Range(
            java.time.Instant.ofEpochSecond(start),
            java.time.Instant.ofEpochSecond(start + 86_400),
            java.time.Duration.ofSeconds(30),
            java.time.Duration.ofMinutes(2));
    java.util.List<dev.pacer.autoscaler.backtest.run.Backtest.Policy> policies =
        new java.util.ArrayList<>();
    for (String label :
        new String[] {
          "{ minInstances = 3, maxInstances = 9, cooldown = 900, graphite = { target ="
              + " \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 } }",
          "{ minInstances = 3, maxInstances = 9, cooldown = 60, scaleDownStabilization = 5m,"
              + " maxStepUp = \"50%\", graphite = [ { target = \"mesos.marathon.${id}.cpu_util\","
              + " value = 0.55 } ] }"
        }) {
      policies.add(
          new dev.pacer.autoscaler.backtest.run.Backtest.Policy(
              "p" + policies.size(),
              label,
              dev.pacer.autoscaler.policy.AutoscaleLabel.parse("/train/app", label)));
    }
    var runs =
        policies.stream()
            .map(
                p ->
                    dev.pacer.autoscaler.backtest.Replay.run(
                        p.name(), p.policy(), history, range, java.time.Duration.ofMinutes(15)))
            .toList();
    var result =
        new dev.pacer.autoscaler.backtest.run.Backtest.Result(
            "/train/app",
            range,
            history,
            policies,
            runs,
            dev.pacer.autoscaler.backtest.Replay.actual(
                policies.get(0).policy(), history, range, java.time.Duration.ofMinutes(15)),
            java.time.Duration.ZERO,
            0,
            java.time.Duration.ZERO);
    result.table();
    try {
      dev.pacer.autoscaler.backtest.run.Report.write(
          result, dir.resolve("backtest"), java.time.Duration.ofMinutes(15));
    } catch (InternalError | RuntimeException e) {
      // no font here: the archive goes without the charts' classes
    }
  }

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

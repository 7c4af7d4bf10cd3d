package dev.pacer.launcher;

import dev.pacer.common.config.ConfigInvalidException;
import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.CoreProbes;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.common.runtime.Probe;
import dev.pacer.common.runtime.ProcessRunner;
import dev.pacer.common.runtime.StateDir;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code pacer check -c FILE}: validates the config, then reaches every system the enabled daemons
 * need, read-only, and prints one line per check. Exit 0 all good, 1 any failed, 2 invalid config.
 * It starts no daemon and changes nothing anywhere.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Validate the config, then reach (read-only) every system the enabled daemons need:"
            + " one line per check. Exit 0 all good, 1 any failed, 2 invalid config.")
final class CheckCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    // ✔ and ✘ whatever the locale's charset (a POSIX locale would print '?')
    return check(
        config,
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out),
            true,
            java.nio.charset.StandardCharsets.UTF_8),
        System.err);
  }

  static int check(ConfigOptions config, PrintStream out, PrintStream err) {
    PacerProcess process;
    try {
      process =
          PacerProcess.prepare(
              ConfigLoader.load(config.fileOption(), config.overrides),
              Daemons.ALL,
              Clock.systemUTC());
    } catch (ConfigInvalidException e) {
      err.println("pacer: " + e.getMessage());
      return ProcessRunner.CONFIG_ERROR;
    }
    out.println(
        "✔ config: "
            + config.fileOption().map(f -> f + " is valid").orElse("valid (no -c FILE: defaults)")
            + "; daemons enabled: "
            + (process.enabledDaemons().isEmpty()
                ? "none"
                : String.join(", ", process.enabledDaemons())));
    Vertx vertx = Vertx.vertx();
    List<Probe> probes = new java.util.ArrayList<>(process.probes(vertx));
    if (process.usesStateDir()) {
      java.nio.file.Path dir = process.config().stateDir();
      String problem = StateDir.problem(dir);
      probes.add(
          0,
          dev.pacer.common.runtime.Probes.of(
              "state-dir",
              "pacer.state-dir " + dir.toAbsolutePath().normalize() + " (the pauses' file)",
              false,
              () ->
                  problem == null
                      ? io.vertx.core.Future.succeededFuture("writable")
                      : io.vertx.core.Future.failedFuture(
                          new dev.pacer.common.runtime.Probes.Failure(problem, null)),
              () -> {}));
    }
    try {
      List<CoreProbes.Result> results =
          CoreProbes.runAll(probes)
              .toCompletionStage()
              .toCompletableFuture()
              .get(1, TimeUnit.MINUTES);
      boolean allOk = true;
      for (CoreProbes.Result r : results) {
        allOk &= r.ok();
        out.println(line(r));
      }
      out.println(
          allOk
              ? "all " + results.size() + " checks passed"
              : results.stream().filter(r -> !r.ok()).count()
                  + " of "
                  + results.size()
                  + " checks failed");
      return allOk ? ProcessRunner.OK : ProcessRunner.FAILURE;
    } catch (Exception e) {
      err.println("pacer: check did not finish: " + e);
      return ProcessRunner.FAILURE;
    } finally {
      probes.forEach(Probe::close);
      vertx.close();
    }
  }

  /** {@code ✔ graphite: Graphite http://g (/render of one target): 1 series (12 ms)}. */
  static String line(CoreProbes.Result r) {
    return (r.ok() ? "✔ " : "✘ ")
        + r.probe().name()
        + ": "
        + r.probe().what()
        + ": "
        + r.detail()
        + " ("
        + r.millis()
        + " ms)";
  }
}

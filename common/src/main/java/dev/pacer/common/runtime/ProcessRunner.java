package dev.pacer.common.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.pacer.common.config.ConfigInvalidException;
import dev.pacer.common.config.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a Pacer process in the foreground until SIGTERM or SIGINT, then shuts it down in reverse
 * start order. Exit codes: 0 ok (also after a clean SIGTERM), 1 runtime failure, 2 config error.
 */
public final class ProcessRunner {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int CONFIG_ERROR = 2;
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);

  /**
   * The whole shutdown must fit in this, so a supervisor's SIGKILL (often after 5 s) never lands.
   */
  private static final Duration SHUTDOWN_BUDGET = Duration.ofMillis(4500);

  /** How long a start may take: a Kafka group to join, Marathon's apps to read. */
  private static final Duration START_BUDGET = Duration.ofMinutes(2);

  private ProcessRunner() {}

  public static int run(
      Optional<Path> file,
      Map<String, String> overrides,
      List<DaemonModule<?>> modules,
      PrintStream err) {
    return run(file, overrides, ConfigFactory.empty(), modules, err, p -> {});
  }

  /**
   * {@code defaults} sit under the file (the demo's demo.conf); {@code onStarted} runs once the
   * process is up, e.g. to print what a demo does.
   */
  public static int run(
      Optional<Path> file,
      Map<String, String> overrides,
      Config defaults,
      List<DaemonModule<?>> modules,
      PrintStream err,
      Consumer<PacerProcess> onStarted) {
    PacerProcess process;
    try {
      Config config = ConfigLoader.load(file, overrides, defaults);
      process = PacerProcess.prepare(config, modules, Clock.systemUTC());
    } catch (ConfigInvalidException e) {
      err.println("pacer: " + e.getMessage());
      return CONFIG_ERROR;
    }
    String stateDir = process.usesStateDir() ? StateDir.problem(process.config().stateDir()) : null;
    if (stateDir != null) {
      err.println(
          "pacer: "
              + new ConfigInvalidException(
                      List.of(
                          new dev.pacer.common.config.ConfigProblem("pacer.state-dir", stateDir)))
                  .getMessage());
      return CONFIG_ERROR;
    }
    LoggingSetup.apply(process.config().logging());
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    try {
      process.start();
      process.startOutcome().get(START_BUDGET.toMinutes(), TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      err.println("pacer: failed to start: " + e.getCause().getMessage());
      LOG.error("failed to start", e.getCause());
      shutdown(process);
      return FAILURE;
    } catch (TimeoutException e) {
      String why =
          "not started within "
              + START_BUDGET.toMinutes()
              + " minutes; still starting "
              + process.startStep();
      err.println("pacer: failed to start: " + why);
      LOG.error("failed to start: {}", why);
      shutdown(process);
      return FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILURE;
    }
    onStarted.accept(process);
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("signal received: shutting down");
    return shutdown(process) ? OK : FAILURE;
  }

  private static boolean shutdown(PacerProcess process) {
    try {
      process
          .stop()
          .toCompletionStage()
          .toCompletableFuture()
          .get(SHUTDOWN_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Pacer stopped");
      return true;
    } catch (ExecutionException | TimeoutException e) {
      LOG.error(
          "shutdown did not finish within {} ms: {}", SHUTDOWN_BUDGET.toMillis(), e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package dev.pacer.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A real server started as a child process, its output in a log file under its own directory,
 * stopped by PID (then its descendants). If it dies or is not ready in time, the error carries the
 * tail of its log.
 */
public final class ExternalProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ExternalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static ExternalProcess start(
      String name,
      List<String> command,
      Path dir,
      Map<String, String> env,
      Callable<Boolean> ready,
      Duration timeout) {
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
    ExternalProcess ep = new ExternalProcess(name, p, log);
    Runtime.getRuntime().addShutdownHook(new Thread(ep::close));
    try {
      Poll.until(
          () -> {
            if (!p.isAlive()) {
              throw new Poll.Abort(name + " exited with " + p.exitValue());
            }
            return ready.call();
          },
          timeout,
          Duration.ofMillis(25));
    } catch (Poll.Abort e) {
      ep.close();
      throw new IllegalStateException(e.getMessage() + "; log " + log + ":\n" + ep.logTail());
    } catch (Poll.TimedOut e) {
      ep.close();
      throw new IllegalStateException(
          name
              + " not ready within "
              + timeout
              + e.getMessage()
              + "; log "
              + log
              + ":\n"
              + ep.logTail());
    }
    return ep;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

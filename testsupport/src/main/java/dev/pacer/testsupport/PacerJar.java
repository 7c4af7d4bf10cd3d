package dev.pacer.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built {@code pacer.jar} run as users run it, in a child process: {@code java -jar pacer.jar
 * COMMAND -D key=value ...}. For the tests that kill, restart or race whole processes.
 */
public final class PacerJar {
  /** {@code launcher/target/pacer.jar} of the checkout, seen from a module's directory. */
  public static final Path JAR =
      Path.of("").toAbsolutePath().getParent().resolve("launcher/target/pacer.jar");

  private PacerJar() {}

  /** {@code java -jar jar command}, and each setting as {@code -D key=value}, in their order. */
  public static List<String> command(Path jar, String command, Map<String, String> settings) {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar.toString(), command));
    settings.forEach(
        (k, v) -> {
          cmd.add("-D");
          cmd.add(k + "=" + v);
        });
    return cmd;
  }

  /** As {@link #command(Path, String, Map)} with this checkout's {@link #JAR}. */
  public static List<String> command(String command, Map<String, String> settings) {
    return command(JAR, command, settings);
  }

  /** Starts {@code cmd} with its output and errors into {@code log}. */
  public static Process start(List<String> cmd, Path log) throws IOException {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}

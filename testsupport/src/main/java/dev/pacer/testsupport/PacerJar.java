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

  /**
   * The JVM options the build gives the child JVMs of tests ({@code pacer.test.child-jvm-opts}, the
   * parent POM's {@code test.jvm.opts}: C1 only and the serial GC, which start faster and cost less
   * CPU); none when a test runs outside Maven.
   */
  public static List<String> jvmOptions() {
    String opts = System.getProperty("pacer.test.child-jvm-opts", "").strip();
    return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
  }

  /** {@code java} and {@link #jvmOptions()}: the start of a child JVM's command line. */
  public static List<String> java() {
    List<String> cmd = new ArrayList<>();
    cmd.add("java");
    cmd.addAll(jvmOptions());
    return cmd;
  }

  /**
   * Gives a {@code bin/pacer} child process the same {@link #jvmOptions()}, through the {@code
   * PACER_JAVA_OPTS} it passes to {@code java}.
   */
  public static ProcessBuilder withJvmOptions(ProcessBuilder pb) {
    if (!jvmOptions().isEmpty()) {
      pb.environment().put("PACER_JAVA_OPTS", String.join(" ", jvmOptions()));
    }
    return pb;
  }

  private PacerJar() {}

  /**
   * {@code java [jvmOptions] -jar jar command}, and each setting as {@code -D key=value}, in their
   * order.
   */
  public static List<String> command(Path jar, String command, Map<String, String> settings) {
    List<String> cmd = java();
    cmd.addAll(List.of("-jar", jar.toString(), command));
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

package dev.pacer.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code pacer.deploy-source} says: the config file, relative to its git repository with the
 * repository's commit ({@code apps/web.conf@1a2b3c4}, plus {@code +changes} when the file differs
 * from that commit), or the file as given when it is not in a repository (or git is missing).
 */
final class GitSource {
  private GitSource() {}

  static String describe(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String top = git(dir, "rev-parse", "--show-toplevel");
    String commit = top == null ? null : git(dir, "rev-parse", "--short=12", "HEAD");
    if (top == null || commit == null) {
      return file.toString();
    }
    String relative =
        Path.of(top).toAbsolutePath().relativize(file.toAbsolutePath().normalize()).toString();
    String status = git(dir, "status", "--porcelain", "--", file.toAbsolutePath().toString());
    return relative + "@" + commit + (status == null || status.isEmpty() ? "" : "+changes");
  }

  private static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

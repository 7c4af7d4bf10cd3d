package dev.pacer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code pacer.deploy-source} says, with a real git (bin/test installs it). */
class GitSourceTest {
  @TempDir Path dir;

  private String git(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }

  @Test
  void theFileInItsRepositoryAtItsCommitAndWhetherItChangedSince() throws Exception {
    Path file = dir.resolve("apps/web.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "id = /shop/web\n");
    git("init", "-q");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "web");
    String commit = git("rev-parse", "--short=12", "HEAD");

    assertThat(GitSource.describe(file)).isEqualTo("apps/web.conf@" + commit);

    Files.writeString(file, "id = /shop/web\ninstances = 2\n");
    assertThat(GitSource.describe(file)).isEqualTo("apps/web.conf@" + commit + "+changes");
  }

  @Test
  void aFileOutsideAnyRepositoryIsItselfOnly() throws Exception {
    Path file = dir.resolve("web.conf");
    Files.writeString(file, "id = /shop/web\n");

    assertThat(GitSource.describe(file)).isEqualTo(file.toString());
  }
}

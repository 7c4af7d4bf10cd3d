package dev.pacer.testkit.servers;

import java.nio.file.Files;
import java.nio.file.Path;

/** A Debian package a real-server launcher needs. A missing one fails loudly; it never skips. */
public final class RequiredPackage {
  private RequiredPackage() {}

  /**
   * @throws IllegalStateException naming the package and how to get it
   */
  public static Path require(String debianPackage, String executable) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir, executable);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    Path p = Path.of(executable);
    if (p.isAbsolute() && Files.isExecutable(p)) {
      return p;
    }
    throw new IllegalStateException(
        "the Debian package '"
            + debianPackage
            + "' is missing ("
            + executable
            + " not found). bin/test installs it; by hand: apt-get install -y "
            + debianPackage);
  }
}

package dev.pacer.common.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Which Pacer this is: the version and the git commit it was built from ({@code
 * pacer-git.properties}, written by the build). {@code unknown} when built outside git.
 */
public final class BuildInfo {
  private static final Properties GIT = load();

  private BuildInfo() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/pacer-git.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no build info: said as unknown
    }
    return p;
  }

  public static String version() {
    return GIT.getProperty("git.build.version", "unknown");
  }

  /** The short commit id, with {@code -dirty} when the tree had changes. */
  public static String commit() {
    String c = GIT.getProperty("git.commit.id.abbrev", "");
    if (c.isEmpty()) {
      return "unknown";
    }
    return "true".equals(GIT.getProperty("git.dirty")) ? c + "-dirty" : c;
  }
}

package dev.pacer.deploy.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A config repository's directory of apps: each {@code NAME.conf} directly in it is an app; a
 * {@code NAME.ENV.conf} beside a {@code NAME.conf} is that app's overlay for {@code --env ENV};
 * files in subdirectories are only what apps {@code include} (shared defaults).
 */
public final class AppRepo {
  /** One rendering to check: an app, in an environment (empty: the file alone). */
  public record Target(Path file, Optional<String> env) {
    @Override
    public String toString() {
      return file + env.map(e -> " --env " + e).orElse("");
    }
  }

  private AppRepo() {}

  /**
   * What {@code pacer validate DIR} renders: every app alone and with each of its overlays, or,
   * with {@code env}, every app in that environment.
   */
  public static List<Target> targets(Path dir, Optional<String> env) {
    Map<String, Path> apps = new TreeMap<>();
    List<Path> confs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".conf"))
          .sorted()
          .forEach(confs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path f : confs) {
      apps.put(stem(f), f);
    }
    List<Target> out = new ArrayList<>();
    for (Path f : confs) {
      String stem = stem(f);
      int dot = stem.lastIndexOf('.');
      boolean overlay = dot > 0 && apps.containsKey(stem.substring(0, dot));
      if (overlay) {
        if (env.isEmpty()) {
          out.add(
              new Target(apps.get(stem.substring(0, dot)), Optional.of(stem.substring(dot + 1))));
        }
      } else {
        out.add(new Target(f, env));
      }
    }
    out.sort(java.util.Comparator.comparing(Target::toString));
    return out;
  }

  private static String stem(Path f) {
    String n = f.getFileName().toString();
    return n.substring(0, n.length() - ".conf".length());
  }
}

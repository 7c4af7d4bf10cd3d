package dev.pacer.slacknotifier.notify;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was posted once and must never be posted again, such as a label error of one label text: the
 * newest {@code capacity} keys, kept in a file under {@code pacer.state-dir} so that a restart does
 * not post them again. Without a file (or when it cannot be written: one WARN), it keeps them in
 * memory only.
 */
final class PostedOnce {
  private static final Logger LOG = LoggerFactory.getLogger(PostedOnce.class);
  private final Path file;
  private final int capacity;
  private final Set<String> keys = new LinkedHashSet<>();
  private boolean warned;

  private PostedOnce(Path file, int capacity) {
    this.file = file;
    this.capacity = capacity;
  }

  static PostedOnce inMemory(int capacity) {
    return new PostedOnce(null, capacity);
  }

  /** Reads {@code file} when it is there; a file that does not read is started afresh (WARN). */
  static PostedOnce at(Path file, int capacity) {
    PostedOnce p = new PostedOnce(file, capacity);
    if (Files.isRegularFile(file)) {
      try {
        new JsonArray(Files.readString(file, StandardCharsets.UTF_8))
            .forEach(k -> p.keys.add(String.valueOf(k)));
      } catch (IOException | RuntimeException e) {
        LOG.warn("{} not read, starting afresh: {}", file, e.toString());
      }
    }
    return p;
  }

  /** True the first time {@code key} is seen (and it is remembered); false ever after. */
  synchronized boolean first(String key) {
    if (keys.contains(key)) {
      return false;
    }
    keys.add(key);
    while (keys.size() > capacity) {
      keys.remove(keys.iterator().next());
    }
    save();
    return true;
  }

  private void save() {
    if (file == null) {
      return;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, new JsonArray(java.util.List.copyOf(keys)).encode());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.warn("{} not written, a restart may post again: {}", file, e.toString());
      }
    }
  }
}

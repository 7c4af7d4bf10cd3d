package dev.pacer.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A credential read from config. Its {@code toString} never shows the value, so a secret that ends
 * up in a log line, in {@code /status} or in an event stays hidden (invariant 7).
 *
 * <p>A secret of a {@code <key>-file} (e.g. {@code pacer.admin.token-file}) is that file's content,
 * without its trailing newline, read again when it changes: a token rotation needs no restart. It
 * is looked at again at most once a second, when used; a file that is gone or unreadable keeps the
 * last value, with one WARN.
 */
public final class Secret {
  private static final Logger LOG = LoggerFactory.getLogger(Secret.class);
  private static final Secret EMPTY = new Secret("", null, null);

  /** How often a file-backed secret looks at its file again, at most. */
  static final long RECHECK_NANOS = 1_000_000_000L;

  private volatile String value;
  private final Path file;
  private final String key;
  private volatile long checkedAt;
  private volatile boolean warned;

  private final java.util.function.LongSupplier nanoTime;

  private Secret(String value, Path file, String key) {
    this(value, file, key, System::nanoTime);
  }

  private Secret(String value, Path file, String key, java.util.function.LongSupplier nanoTime) {
    this.value = value;
    this.file = file;
    this.key = key;
    this.nanoTime = nanoTime;
    this.checkedAt = nanoTime.getAsLong();
  }

  public static Secret of(String value) {
    return value == null || value.isEmpty() ? EMPTY : new Secret(value, null, null);
  }

  /**
   * The content of {@code file} (the value of {@code key}), read now and again when it changes.
   *
   * @throws IOException when it cannot be read now
   */
  public static Secret ofFile(Path file, String key) throws IOException {
    return ofFile(file, key, System::nanoTime);
  }

  /** {@link #ofFile(Path, String)} on a given clock (a test's). */
  static Secret ofFile(Path file, String key, java.util.function.LongSupplier nanoTime)
      throws IOException {
    return new Secret(read(file), file, key, nanoTime);
  }

  public static Secret empty() {
    return EMPTY;
  }

  /** The file this secret is read from, or null. */
  public Path file() {
    return file;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  private String current() {
    if (file != null) {
      long now = nanoTime.getAsLong();
      if (now - checkedAt >= RECHECK_NANOS) {
        checkedAt = now;
        try {
          String fresh = read(file);
          if (!fresh.equals(value)) {
            LOG.info("{} changed: read again from {}", key, file);
            value = fresh;
          }
          warned = false;
        } catch (IOException | RuntimeException e) {
          if (!warned) {
            warned = true;
            LOG.warn("{}: cannot read {} ({}); the last value stays", key, file, e.toString());
          }
        }
      }
    }
    return value;
  }

  public String reveal() {
    return current();
  }

  public boolean isPresent() {
    return !current().isEmpty();
  }

  /** Compares in constant time, so a token check does not leak how much of a guess was right. */
  public boolean matches(String candidate) {
    String v = current();
    if (candidate == null || v.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        v.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return isPresent() ? "****" : "";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.current().equals(current());
  }

  @Override
  public int hashCode() {
    return current().hashCode();
  }
}

package dev.pacer.common.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential read from config. Its {@code toString} never shows the value, so a secret that ends
 * up in a log line, in {@code /status} or in an event stays hidden (invariant 7).
 */
public final class Secret {
  private static final Secret EMPTY = new Secret("");
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return value == null || value.isEmpty() ? EMPTY : new Secret(value);
  }

  public static Secret empty() {
    return EMPTY;
  }

  public String reveal() {
    return value;
  }

  public boolean isPresent() {
    return !value.isEmpty();
  }

  /** Compares in constant time, so a token check does not leak how much of a guess was right. */
  public boolean matches(String candidate) {
    if (candidate == null || !isPresent()) {
      return false;
    }
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return isPresent() ? "****" : "";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}

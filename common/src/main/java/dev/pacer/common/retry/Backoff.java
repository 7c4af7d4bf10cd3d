package dev.pacer.common.retry;

import java.time.Duration;

/**
 * Exponential backoff policy, shared by every caller; the attempt count is the caller's own state.
 * Attempt 1 waits {@code initial}, each further attempt doubles it, never past {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    if (initial.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("backoff durations must not be negative");
    }
    if (max.compareTo(initial) < 0) {
      max = initial;
    }
  }

  public Duration delay(int attempt) {
    if (attempt <= 1) {
      return initial;
    }
    int shift = Math.min(attempt - 1, 30);
    long ms = initial.toMillis() << shift;
    if (ms <= 0
        || ms > max.toMillis()
        || (initial.toMillis() != 0 && ms >> shift != initial.toMillis())) {
      return max;
    }
    return Duration.ofMillis(ms);
  }

  /** For Vert.x timers, which reject a zero delay. */
  public long delayMillis(int attempt) {
    return Math.max(1, delay(attempt).toMillis());
  }
}

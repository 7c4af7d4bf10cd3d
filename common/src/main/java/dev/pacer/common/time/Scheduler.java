package dev.pacer.common.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock, and timers that fire on its time. A timer set from a Vert.x context fires on that
 * context. {@link VertxScheduler} is the real one; a test moves a {@code ManualScheduler} by hand.
 */
public interface Scheduler {

  Clock clock();

  default Instant now() {
    return clock().instant();
  }

  /** Runs {@code task} once, {@code delay} from now. */
  Timer after(Duration delay, Runnable task);

  /** Runs {@code task} every {@code period}, the first time {@code first} from now. */
  Timer every(Duration first, Duration period, Runnable task);

  /** A timer set; cancelling one that fired or was cancelled does nothing. */
  @FunctionalInterface
  interface Timer {
    void cancel();
  }
}

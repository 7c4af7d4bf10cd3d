package dev.pacer.testkit.servers;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a real server's own state: a port open, an HTTP answer, a metric served. A plain loop
 * rather than Awaitility, because the demo starts these servers too and its jar has no test
 * libraries.
 */
final class Poll {
  private Poll() {}

  /** Thrown by a check to stop polling at once (say, the process exited). */
  static final class Abort extends RuntimeException {
    Abort(String message) {
      super(message);
    }
  }

  /** The check did not pass in time; {@code last} is its last failure, if it threw. */
  static final class TimedOut extends Exception {
    TimedOut(Exception last) {
      super(last == null ? "" : " (last check: " + last + ")", last);
    }
  }

  /**
   * Calls {@code check} every {@code every} until it returns true.
   *
   * @throws TimedOut when {@code timeout} passed first
   * @throws Abort when the check aborted
   */
  static void until(Callable<Boolean> check, Duration timeout, Duration every) throws TimedOut {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (check.call()) {
          return;
        }
      } catch (Abort e) {
        throw e;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new TimedOut(last);
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Abort("interrupted");
      }
    }
  }
}

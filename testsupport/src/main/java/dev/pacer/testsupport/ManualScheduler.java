package dev.pacer.testsupport;

import dev.pacer.common.time.Scheduler;
import dev.pacer.testkit.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Virtual time for tests: timers fire only when the test moves the clock with {@link #advance}, in
 * the order they fall due, each on the Vert.x context it was set from, and {@code advance} returns
 * once each has run (what a task starts asynchronously, the test awaits as usual). A timer a task
 * sets that falls due within the same advance fires in it too.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualClock clock;
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) -> a.due.equals(b.due) ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));
  private long seq;

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  public ManualScheduler(Instant start) {
    this(new ManualClock(start));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  public ManualClock manualClock() {
    return clock;
  }

  @Override
  public Timer after(Duration delay, Runnable task) {
    return add(delay, null, task);
  }

  @Override
  public Timer every(Duration first, Duration period, Runnable task) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    return add(first, period, task);
  }

  /** Timers set and not yet fired or cancelled (a periodic one counts once). */
  public synchronized int pending() {
    return (int) tasks.stream().filter(t -> !t.cancelled).count();
  }

  /**
   * Moves the clock {@code d} ahead, firing every timer that falls due on the way, at its time.
   *
   * @throws IllegalStateException when a task failed or did not end within 10 s
   */
  public void advance(Duration d) {
    Instant end = clock.instant().plus(d);
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due.isAfter(end)) {
          break;
        }
        tasks.poll();
      }
      if (next.cancelled) {
        continue;
      }
      if (next.due.isAfter(clock.instant())) {
        clock.set(next.due);
      }
      run(next);
      if (next.period != null && !next.cancelled) {
        synchronized (this) {
          next.due = next.due.plus(next.period);
          tasks.add(next);
        }
      }
    }
    if (end.isAfter(clock.instant())) {
      clock.set(end);
    }
  }

  private synchronized Timer add(Duration delay, Duration period, Runnable task) {
    Duration d = delay.isNegative() ? Duration.ZERO : delay;
    Task t = new Task(clock.instant().plus(d), period, task, Vertx.currentContext(), seq++);
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  private static void run(Task t) {
    if (t.context == null || Vertx.currentContext() != null) {
      t.task.run();
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    t.context.runOnContext(
        v -> {
          try {
            t.task.run();
            done.complete(null);
          } catch (Throwable e) {
            done.completeExceptionally(e);
          }
        });
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("a timer's task due at " + t.due + " failed: " + e, e);
    }
  }

  private static final class Task {
    Instant due;
    final Duration period;
    final Runnable task;
    final Context context;
    final long seq;
    volatile boolean cancelled;

    Task(Instant due, Duration period, Runnable task, Context context, long seq) {
      this.due = due;
      this.period = period;
      this.task = task;
      this.context = context;
      this.seq = seq;
    }
  }
}

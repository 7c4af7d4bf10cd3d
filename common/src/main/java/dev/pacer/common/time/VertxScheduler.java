package dev.pacer.common.time;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/** Timers on Vert.x's, in wall time; {@code clock} is what {@link #now} says. */
public final class VertxScheduler implements Scheduler {
  private final Vertx vertx;
  private final Clock clock;

  public VertxScheduler(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Timer after(Duration delay, Runnable task) {
    long id = vertx.setTimer(millis(delay), t -> task.run());
    return () -> vertx.cancelTimer(id);
  }

  @Override
  public Timer every(Duration first, Duration period, Runnable task) {
    long id = vertx.setPeriodic(millis(first), millis(period), t -> task.run());
    return () -> vertx.cancelTimer(id);
  }

  /** Vert.x takes at least 1 ms. */
  private static long millis(Duration d) {
    return Math.max(1, d.toMillis());
  }
}

package dev.pacer.testkit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread (never an event loop) on a Vert.x future, with a time limit. */
public final class Await {
  private static final Duration DEFAULT = Duration.ofSeconds(20);

  private Await() {}

  public static <T> T result(Future<T> f) {
    return result(f, DEFAULT);
  }

  public static <T> T result(Future<T> f, Duration timeout) {
    try {
      return f.toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    } catch (TimeoutException e) {
      throw new AssertionError("future not completed within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> f) {
    try {
      Object v = result(f);
      throw new AssertionError("expected a failure, got " + v);
    } catch (RuntimeException e) {
      return e;
    }
  }
}

package dev.pacer.common.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps registered as things start, run in reverse order on shutdown, each given at most its time
 * box; a step that fails or overruns is logged and the next one runs anyway (after Strimzi's
 * ShutdownHook).
 */
public final class ShutdownSequence {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

  private record Step(String name, Supplier<Future<?>> action) {}

  private final Vertx vertx;
  private final Duration stepTimeout;
  private final Deque<Step> steps = new ArrayDeque<>();
  private final List<String> completed = new ArrayList<>();
  private Future<Void> running;

  public ShutdownSequence(Vertx vertx, Duration stepTimeout) {
    this.vertx = vertx;
    this.stepTimeout = stepTimeout;
  }

  public synchronized void onShutdown(String name, Supplier<Future<?>> action) {
    steps.push(new Step(name, action));
  }

  /** Runs every step once, newest first; later calls get the same future. */
  public synchronized Future<Void> run() {
    if (running == null) {
      Promise<Void> done = Promise.promise();
      running = done.future();
      vertx.runOnContext(v -> next(done));
    }
    return running;
  }

  /** Names of the steps that finished, in the order they ran. */
  public synchronized List<String> completedSteps() {
    return List.copyOf(completed);
  }

  private void next(Promise<Void> done) {
    Step step;
    synchronized (this) {
      step = steps.poll();
    }
    if (step == null) {
      done.complete();
      return;
    }
    Future<?> f;
    try {
      f = step.action().get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.timeout(stepTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                LOG.info("shutdown: {} stopped", step.name());
              } else {
                LOG.warn(
                    "shutdown: {} did not stop cleanly within {} ms: {}",
                    step.name(),
                    stepTimeout.toMillis(),
                    ar.cause().toString());
              }
              synchronized (this) {
                completed.add(step.name());
              }
              next(done);
            });
  }
}

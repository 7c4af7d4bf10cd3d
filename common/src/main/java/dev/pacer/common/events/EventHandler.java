package dev.pacer.common.events;

import io.vertx.core.Future;

/**
 * Handles one event. The backbone commits it only after the returned future succeeds; a failed
 * future, or an exception, gets the same event delivered again. Handlers must be idempotent.
 */
@FunctionalInterface
public interface EventHandler {
  Future<Void> handle(PacerEvent event);

  /** Calls the handler as a backbone does: an exception or a missing future is a failure. */
  static Future<Void> call(EventHandler handler, PacerEvent event) {
    try {
      Future<Void> f = handler.handle(event);
      return f != null ? f : Future.failedFuture("handler returned no future");
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}

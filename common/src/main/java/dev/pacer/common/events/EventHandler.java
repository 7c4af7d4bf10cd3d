package dev.pacer.common.events;

import io.vertx.core.Future;

/**
 * Handles one event. The backbone commits it only after the returned future succeeds; a failed
 * future, or an exception, gets the same event delivered again. Handlers must be idempotent.
 */
@FunctionalInterface
public interface EventHandler {
  Future<Void> handle(PacerEvent event);
}

package dev.pacer.common.events.types;

import java.time.Instant;

/**
 * {@code pacer.control.*} on {@code pacer.control} (compacted), keyed by scope: each carries the
 * whole pause, so the latest event of a scope is its state. {@code scope} is {@code global}, an app
 * id, or {@code pool:NAME}.
 */
public sealed interface PauseEvent extends EventData permits PauseSet, PauseResumed, PauseExpired {

  String scope();

  Instant at();

  Instant until();

  String reason();

  String who();
}

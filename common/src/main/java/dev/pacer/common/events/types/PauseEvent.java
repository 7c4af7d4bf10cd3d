package dev.pacer.common.events.types;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code pacer.control.*} on {@code pacer.control} (compacted), keyed by scope: each carries the
 * whole pause, so the latest event of a scope is its state. {@code scope} is {@code global}, an app
 * id, or {@code pool:NAME}.
 */
public sealed interface PauseEvent extends EventData permits PauseSet, PauseResumed, PauseExpired {

  /** The pause (on the wire, at the top level of the event's data). */
  Facts facts();

  default String scope() {
    return facts().scope();
  }

  default Instant at() {
    return facts().at();
  }

  default Instant until() {
    return facts().until();
  }

  default String reason() {
    return facts().reason();
  }

  default String who() {
    return facts().who();
  }

  /**
   * The pause every control event carries; {@code data} only for a record that is not a pause (an
   * approval, a vote), absent on the wire when empty.
   */
  record Facts(
      String scope,
      Instant at,
      Instant until,
      String reason,
      String who,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
          java.util.Map<String, String> data) {
    public Facts {
      EventTypes.require(scope, "scope");
      EventTypes.require(at, "at");
      EventTypes.require(until, "until");
      reason = Objects.requireNonNullElse(reason, "");
      who = Objects.requireNonNullElse(who, "");
      data = data == null ? java.util.Map.of() : data;
    }

    public Facts(String scope, Instant at, Instant until, String reason, String who) {
      this(scope, at, until, reason, who, java.util.Map.of());
    }
  }
}

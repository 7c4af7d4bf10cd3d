package dev.pacer.common.events.types;

import java.time.Instant;
import java.util.Objects;

/** {@code pacer.control.paused}: a runbook paused {@code scope} until {@code until}. */
public record PauseSet(String scope, Instant at, Instant until, String reason, String who)
    implements PauseEvent {
  public PauseSet {
    EventTypes.require(scope, "scope");
    EventTypes.require(at, "at");
    EventTypes.require(until, "until");
    reason = Objects.requireNonNullElse(reason, "");
    who = Objects.requireNonNullElse(who, "");
  }

  @Override
  public String type() {
    return EventTypes.PAUSED;
  }
}

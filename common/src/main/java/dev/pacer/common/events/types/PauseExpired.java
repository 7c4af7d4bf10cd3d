package dev.pacer.common.events.types;

import java.time.Instant;
import java.util.Objects;

/** {@code pacer.control.expired}: the pause of {@code scope} reached its {@code until}. */
public record PauseExpired(String scope, Instant at, Instant until, String reason, String who)
    implements PauseEvent {
  public PauseExpired {
    EventTypes.require(scope, "scope");
    EventTypes.require(at, "at");
    EventTypes.require(until, "until");
    reason = Objects.requireNonNullElse(reason, "");
    who = Objects.requireNonNullElse(who, "");
  }

  @Override
  public String type() {
    return EventTypes.EXPIRED;
  }
}

package dev.pacer.common.events.types;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code pacer.control.resumed}: the pause was lifted early by {@code resumedBy}; the pause's own
 * fields say what was lifted.
 */
public record PauseResumed(
    String scope,
    Instant at,
    Instant until,
    String reason,
    String who,
    String resumedBy,
    String resumeReason)
    implements PauseEvent {
  public PauseResumed {
    EventTypes.require(scope, "scope");
    EventTypes.require(at, "at");
    EventTypes.require(until, "until");
    reason = Objects.requireNonNullElse(reason, "");
    who = Objects.requireNonNullElse(who, "");
    resumedBy = Objects.requireNonNullElse(resumedBy, "");
    resumeReason = Objects.requireNonNullElse(resumeReason, "");
  }

  @Override
  public String type() {
    return EventTypes.RESUMED;
  }
}

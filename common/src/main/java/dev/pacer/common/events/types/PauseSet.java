package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** {@code pacer.control.paused}: a runbook paused {@code scope} until {@code until}. */
public record PauseSet(@JsonUnwrapped Facts facts) implements PauseEvent {
  @Override
  public String type() {
    return EventTypes.PAUSED;
  }
}

package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** {@code pacer.control.expired}: the pause of {@code scope} reached its {@code until}. */
public record PauseExpired(@JsonUnwrapped Facts facts) implements PauseEvent {
  @Override
  public String type() {
    return EventTypes.EXPIRED;
  }
}

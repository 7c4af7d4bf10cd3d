package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code pacer.scale.held}: the app would move but does not; {@code hold} is the kind ({@code
 * cooldown}, {@code paused}, {@code locked}, ...), said when it changes. {@code afterStart}: found
 * by the first cycle after a start, so not news (Slack does not post it).
 */
public record ScaleHeld(@JsonUnwrapped Facts facts, String hold, boolean afterStart)
    implements ScaleEvent {

  @Override
  public String type() {
    return EventTypes.SCALE_HELD;
  }
}

package dev.pacer.common.events.types;

/**
 * {@code pacer.marathon.stream_attached}: the relay (re)connected to Marathon's event stream, so
 * what happened while it was away is read again. No data.
 */
public record StreamAttached() implements EventData {
  @Override
  public String type() {
    return EventTypes.STREAM_ATTACHED;
  }
}

package dev.pacer.common.events.types;

/**
 * {@code pacer.marathon.stream_attached}: the relay (re)connected to Marathon's event stream (or,
 * with HA on Kafka, was elected to relay it), so what happened while it was away is read again.
 * {@code relay} names the process whose relay published it (random, one per process) and {@code
 * attach} counts its attaches from 1; a daemon of that process that read Marathon whole after that
 * attach needs no second read ({@code StreamAttaches}). Both are absent in an older Pacer's event,
 * which always means "read again".
 */
public record StreamAttached(String relay, long attach) implements EventData {
  @Override
  public String type() {
    return EventTypes.STREAM_ATTACHED;
  }
}

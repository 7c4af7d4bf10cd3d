package dev.pacer.common.marathon;

import dev.pacer.common.events.types.StreamAttached;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process's count of the attaches of Marathon's event stream (and of the elections after which
 * a leader relays it). A daemon that notes {@link #current()} before it reads Marathon whole has,
 * once that read succeeded, seen everything up to that attach: the {@code stream_attached} of that
 * attach or of an earlier one, published by this process, needs no second read. At start the stream
 * attaches before the daemons first read Marathon, so the apps are fetched once.
 */
public final class StreamAttaches {
  private final String relay = UUID.randomUUID().toString();
  private final AtomicLong count = new AtomicLong();

  /** Which process's relay published a {@code stream_attached}: random, one per process. */
  public String relay() {
    return relay;
  }

  /** The latest attach of this process's stream; 0 before the first. */
  public long current() {
    return count.get();
  }

  /** The stream attached (or this replica was elected to relay it): its number. */
  long next() {
    return count.incrementAndGet();
  }

  /**
   * Whether a whole read of Marathon that began at attach {@code readFrom} (its {@link #current()}
   * then) has already seen what {@code attached} asks to read again. Never for another process's
   * attach, or one that does not say which it is (an older Pacer's).
   */
  public boolean covers(long readFrom, StreamAttached attached) {
    return relay.equals(attached.relay()) && attached.attach() > 0 && attached.attach() <= readFrom;
  }
}

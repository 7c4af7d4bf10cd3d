package dev.pacer.common.events.types;

/**
 * {@code pacer.agents.held}: the pool would move but does not; said once per kind in a row. {@code
 * afterStart}: found by the first cycle after a start, not news.
 */
public record PoolHeld(String pool, String hold, String reason, boolean afterStart)
    implements PoolEvent {
  @Override
  public String type() {
    return EventTypes.AGENTS_HELD;
  }
}

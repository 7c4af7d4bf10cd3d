package dev.pacer.common.events.types;

/**
 * {@code pacer.agents.held}: the pool would move but does not; said once per kind in a row. {@code
 * afterStart}: found by the first cycle after a start, not news. {@code inputs}: what the decision
 * weighed (absent from older producers).
 */
public record PoolHeld(
    String pool, String hold, String reason, boolean afterStart, PoolInputs inputs)
    implements PoolEvent {
  public PoolHeld(String pool, String hold, String reason, boolean afterStart) {
    this(pool, hold, reason, afterStart, null);
  }

  @Override
  public String type() {
    return EventTypes.AGENTS_HELD;
  }
}

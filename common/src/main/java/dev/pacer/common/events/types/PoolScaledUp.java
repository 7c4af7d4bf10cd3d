package dev.pacer.common.events.types;

/**
 * {@code pacer.agents.scaled_up}: the Auto Scaling group's desired capacity went {@code from}
 * {@code to}.
 */
public record PoolScaledUp(String pool, String group, int from, int to, String reason)
    implements PoolEvent {
  @Override
  public String type() {
    return EventTypes.AGENTS_SCALED_UP;
  }
}

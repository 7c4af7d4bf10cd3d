package dev.pacer.common.events.types;

/**
 * {@code pacer.agents.scaled_up}: the Auto Scaling group's desired capacity went {@code from}
 * {@code to}. {@code inputs}: what the decision weighed (absent from older producers).
 */
public record PoolScaledUp(
    String pool, String group, int from, int to, String reason, PoolInputs inputs)
    implements PoolEvent {
  public PoolScaledUp(String pool, String group, int from, int to, String reason) {
    this(pool, group, from, to, reason, null);
  }

  @Override
  public String type() {
    return EventTypes.AGENTS_SCALED_UP;
  }
}

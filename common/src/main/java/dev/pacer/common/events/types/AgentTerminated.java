package dev.pacer.common.events.types;

/** {@code pacer.agents.terminated}: the instance was terminated, the group's capacity lowered. */
public record AgentTerminated(String pool, String group, String instanceId, String reason)
    implements PoolEvent {
  @Override
  public String type() {
    return EventTypes.AGENTS_TERMINATED;
  }
}

package dev.pacer.common.events.types;

import java.time.Duration;

/**
 * {@code pacer.agents.draining}: an agent chosen for termination is in Mesos maintenance; it is
 * terminated when its {@code tasks} have moved, or after {@code hardCap}.
 */
public record AgentDraining(
    String pool,
    String group,
    String instanceId,
    String hostname,
    String ip,
    int tasks,
    Duration hardCap)
    implements PoolEvent {
  @Override
  public String type() {
    return EventTypes.AGENTS_DRAINING;
  }
}

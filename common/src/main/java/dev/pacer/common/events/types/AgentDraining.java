package dev.pacer.common.events.types;

import java.time.Duration;

/**
 * {@code pacer.agents.draining}: an agent chosen for termination is in Mesos maintenance; it is
 * terminated when its {@code tasks} have moved, or after {@code hardCap}. {@code reason} and {@code
 * inputs}: why it was chosen (absent from older producers and for a hand drain).
 */
public record AgentDraining(
    String pool,
    String group,
    String instanceId,
    String hostname,
    String ip,
    int tasks,
    Duration hardCap,
    String reason,
    PoolInputs inputs)
    implements PoolEvent {
  public AgentDraining(
      String pool,
      String group,
      String instanceId,
      String hostname,
      String ip,
      int tasks,
      Duration hardCap) {
    this(pool, group, instanceId, hostname, ip, tasks, hardCap, null, null);
  }

  @Override
  public String type() {
    return EventTypes.AGENTS_DRAINING;
  }
}

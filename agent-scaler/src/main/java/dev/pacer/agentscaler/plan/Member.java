package dev.pacer.agentscaler.plan;

import dev.pacer.common.mesos.Agent;

/**
 * One instance of the pool's cloud group and the Mesos agent it runs, if any: an orphan (no agent)
 * is in the group but not in Mesos; {@code booting} when it is still within its registration grace
 * (it is coming, not missing).
 */
public record Member(String instanceId, Agent agent, boolean booting) {

  public Member(String instanceId, Agent agent) {
    this(instanceId, agent, false);
  }

  public boolean orphan() {
    return agent == null;
  }

  /** Adds capacity: registered, active and not draining. */
  public boolean serving() {
    return agent != null && agent.active() && !agent.draining();
  }

  public boolean isProtected(java.util.Set<String> names) {
    return names.contains(instanceId)
        || agent != null && (names.contains(agent.hostname()) || names.contains(agent.id()));
  }
}

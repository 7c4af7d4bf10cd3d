package dev.pacer.agentscaler.plan;

import java.util.List;

/** What the planner decided for a pool, always with why. */
public sealed interface PoolDecision {
  String reason();

  /** Add {@code add} instances: the group's desired capacity becomes {@code desired}. */
  record ScaleUp(int add, int desired, String reason) implements PoolDecision {}

  /** Drain, then terminate exactly these instances, in this order. */
  record ScaleIn(List<Member> victims, String reason) implements PoolDecision {
    public ScaleIn {
      victims = List.copyOf(victims);
    }
  }

  record Hold(Kind kind, String reason) implements PoolDecision {}

  enum Kind {
    /** Enough headroom, and removing an agent would leave too little. */
    IN_BAND,
    /** Too many of the group's instances are not in Mesos: the view is partial. */
    MISSING,
    /** Instances the group is launching have not registered yet. */
    LAUNCHING,
    AT_MAX,
    /** No agent to learn an agent's size from, and none configured. */
    NO_SIZE
  }
}

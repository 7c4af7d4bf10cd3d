package dev.pacer.common.events.types;

import java.util.List;

/**
 * What a pool decision weighed, carried in the agent-scaler's events for the decision journal: the
 * free fraction of each resource (null when the pool serves none of it), the target, the demand
 * (what the pool's agents use plus what Marathon waits to place), the members, and the agents
 * considered for removal, in the order they are given up, each chosen or not and why (at most
 * {@link #MAX_CONSIDERED}).
 */
public record PoolInputs(
    Double freeCpus,
    Double freeMem,
    Double freeDisk,
    double targetFree,
    double demandCpus,
    double demandMem,
    double demandDisk,
    int members,
    int serving,
    int missing,
    int desired,
    List<Considered> considered) {
  /** The most candidates an event names; the rest are left out. */
  public static final int MAX_CONSIDERED = 10;

  public PoolInputs {
    considered = considered == null ? List.of() : List.copyOf(considered);
  }

  /** One agent the scale-in looked at: chosen or not, and why. */
  public record Considered(
      String instanceId, String hostname, int tasks, boolean chosen, String why) {}
}

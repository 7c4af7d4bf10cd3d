package dev.pacer.agentscaler.plan;

import dev.pacer.common.mesos.Resources;
import java.util.Set;

/**
 * How a pool is sized: keep at least {@code targetFree} of each resource free (0.20), counting the
 * demand Marathon is waiting to place; scale in only while the pool stays at or above {@code
 * targetFree + margin} afterwards, so a scale-in never triggers the next scale-up; between {@code
 * minAgents} and {@code maxAgents}, at most {@code maxUp} added and {@code maxDown} removed per
 * cycle; hold when more than {@code missingLimit} of the group's instances are not in Mesos. {@code
 * agentSize} is what one new agent brings; null: the mean of the pool's agents.
 */
public record PoolPolicy(
    String name,
    double targetFree,
    double margin,
    int minAgents,
    int maxAgents,
    int maxUp,
    int maxDown,
    double missingLimit,
    Resources agentSize,
    Set<String> protectedAgents) {

  public PoolPolicy {
    if (targetFree < 0 || targetFree >= 1) {
      throw new IllegalArgumentException("target headroom must be in [0, 1), got " + targetFree);
    }
    if (minAgents < 0 || maxAgents < minAgents) {
      throw new IllegalArgumentException(
          "need 0 <= min-agents <= max-agents, got " + minAgents + " and " + maxAgents);
    }
    protectedAgents = Set.copyOf(protectedAgents);
  }
}

package dev.pacer.agentscaler.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The order in which instances are given up: those already draining (an operator, or a drain Pacer
 * started before a restart), then orphans (in the group, not in Mesos: they serve nothing), then
 * idle agents, then those with the fewest tasks, then the least used. Protected ones never. Pure.
 */
public final class Victims {
  private Victims() {}

  public static List<Member> inOrder(List<Member> members, Set<String> protectedNames) {
    return members.stream()
        .filter(m -> !m.isProtected(protectedNames))
        .sorted(
            Comparator.comparingInt(Victims::rank)
                .thenComparingInt((Member m) -> m.orphan() ? 0 : m.agent().tasks())
                .thenComparingDouble(m -> m.orphan() ? 0 : m.agent().load())
                .thenComparing(Member::instanceId))
        .toList();
  }

  private static int rank(Member m) {
    if (m.agent() != null && m.agent().draining()) {
      return 0;
    }
    if (m.orphan()) {
      return 1;
    }
    return m.agent().tasks() == 0 ? 2 : 3;
  }
}

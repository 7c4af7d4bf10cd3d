package dev.pacer.agentscaler.plan;

import dev.pacer.common.events.types.PoolInputs;
import dev.pacer.common.mesos.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The smallest agent count that keeps every resource's free fraction at or above the pool's target,
 * counting what Marathon waits to place; and when fewer would do, which agents to give up so that
 * the pool stays at or above target plus margin afterwards (so it does not flap). Pure.
 *
 * <p>Capacity is what serving agents offer (registered, active, not draining); demand is what every
 * registered agent of the pool has in use (a draining agent's tasks must go somewhere) plus the
 * queued demand. One new agent brings {@code agentSize}, or the mean of the serving agents.
 */
public final class CapacityPlanner {
  private CapacityPlanner() {}

  /**
   * @param members the group's instances with their agents (for a pool without a cloud group, one
   *     member per agent)
   * @param queued the resources of the tasks Marathon waits to place on this pool
   * @param desired the group's desired capacity (launching instances count towards it)
   */
  public static PoolDecision plan(
      PoolPolicy p, List<Member> members, Resources queued, int desired) {
    int total = members.size();
    long orphans = members.stream().filter(Member::orphan).count();
    long missing = members.stream().filter(m -> m.orphan() && !m.booting()).count();
    if (total > 0 && (double) missing / total > p.missingLimit()) {
      return new PoolDecision.Hold(
          PoolDecision.Kind.MISSING,
          String.format(
              Locale.ROOT,
              "%d of %d instances of the group are not in Mesos (%.0f %% > %.0f %%): no action on a"
                  + " partial view",
              missing,
              total,
              100.0 * missing / total,
              100 * p.missingLimit()));
    }
    Base b = base(members, queued);
    List<Member> serving = b.serving();
    Resources capacity = b.capacity();
    Resources demand = b.demand();
    Resources size =
        p.agentSize() != null
            ? p.agentSize()
            : serving.isEmpty() ? null : capacity.times(1.0 / serving.size());
    if (size == null || size.isZero()) {
      return new PoolDecision.Hold(
          PoolDecision.Kind.NO_SIZE,
          "no serving agent to take an agent's size from, and no agent-size configured");
    }
    int wanted = Math.max(p.minAgents(), needed(demand, size, p));
    int needed = Math.min(p.maxAgents(), wanted);
    int launching = Math.max(0, desired - total);
    int coming = serving.size() + (int) orphans + launching;
    String now = describe(capacity, demand, p);
    if (wanted > coming) {
      int room = p.maxAgents() - Math.max(desired, total);
      int add = Math.min(Math.min(needed - coming, p.maxUp()), room);
      if (add <= 0) {
        return new PoolDecision.Hold(
            PoolDecision.Kind.AT_MAX,
            now + "; needs " + wanted + " agents but the pool is at max-agents " + p.maxAgents());
      }
      return new PoolDecision.ScaleUp(
          add,
          Math.max(desired, total) + add,
          now + "; needs " + needed + " agents, has " + coming + " (serving or coming): +" + add);
    }
    if (launching > 0 || orphans > 0 && needed >= serving.size()) {
      return new PoolDecision.Hold(
          PoolDecision.Kind.LAUNCHING,
          now + "; " + (launching + orphans) + " instance(s) not registered in Mesos yet");
    }
    int maxRemove = Math.min(p.maxDown(), total - Math.max(needed, p.minAgents()));
    List<Member> victims = new ArrayList<>();
    Resources left = capacity;
    for (Considered c : walk(p, members, capacity, demand, maxRemove)) {
      if (c.chosen()) {
        victims.add(c.member());
        left = c.left();
      }
    }
    if (victims.isEmpty()) {
      return new PoolDecision.Hold(
          PoolDecision.Kind.IN_BAND,
          now
              + "; needs "
              + needed
              + " agents, has "
              + serving.size()
              + (maxRemove <= 0
                  ? ""
                  : "; giving one up would leave under "
                      + pct(p.targetFree() + p.margin())
                      + " free"));
    }
    return new PoolDecision.ScaleIn(
        victims, now + "; after giving up " + victims.size() + ": " + describe(left, demand, p));
  }

  /** What every decision reads: the serving agents, their capacity, and the demand. */
  private record Base(List<Member> serving, Resources capacity, Resources demand) {}

  private static Base base(List<Member> members, Resources queued) {
    List<Member> serving = members.stream().filter(Member::serving).toList();
    Resources capacity = Resources.ZERO;
    for (Member m : serving) {
      capacity = capacity.plus(m.agent().total());
    }
    Resources demand = queued;
    for (Member m : members) {
      if (m.agent() != null) {
        demand = demand.plus(m.agent().used());
      }
    }
    return new Base(serving, capacity, demand);
  }

  /** One candidate of a scale-in; {@code left}, the capacity once it (and those before) went. */
  private record Considered(Member member, boolean chosen, String why, Resources left) {}

  /**
   * The scale-in's walk over the candidates in {@link Victims} order: each is given up while fewer
   * than {@code maxRemove} are and the pool keeps target plus margin free without it; the walk
   * stops at the first that fails. Protected members are listed as such.
   */
  private static List<Considered> walk(
      PoolPolicy p, List<Member> members, Resources capacity, Resources demand, int maxRemove) {
    List<Considered> out = new ArrayList<>();
    Resources left = capacity;
    int chosen = 0;
    boolean stopped = false;
    for (Member m : Victims.inOrder(members, p.protectedAgents())) {
      if (stopped) {
        out.add(new Considered(m, false, "not reached", left));
        continue;
      }
      if (chosen >= maxRemove) {
        out.add(
            new Considered(
                m,
                false,
                maxRemove <= 0
                    ? "the pool is at the agents it needs (or min-agents)"
                    : "max-down " + p.maxDown() + " reached",
                left));
        stopped = true;
        continue;
      }
      Resources after = m.serving() ? left.minus(m.agent().total()) : left;
      double freeAfter = minFree(after, demand);
      if (freeAfter < p.targetFree() + p.margin()) {
        out.add(
            new Considered(
                m,
                false,
                "giving it up would leave "
                    + pct(freeAfter)
                    + " free, under "
                    + pct(p.targetFree() + p.margin()),
                left));
        stopped = true;
        continue;
      }
      chosen++;
      left = after;
      out.add(new Considered(m, true, rankWhy(m), left));
    }
    for (Member m : members) {
      if (m.isProtected(p.protectedAgents())) {
        out.add(new Considered(m, false, "protected", left));
      }
    }
    return out;
  }

  private static String rankWhy(Member m) {
    if (m.orphan()) {
      return "in the group, not in Mesos";
    }
    if (m.agent().draining()) {
      return "already draining";
    }
    return m.agent().tasks() == 0 ? "idle" : m.agent().tasks() + " task(s), the fewest";
  }

  /**
   * What a decision on the pool weighs, for the decision journal: the same numbers {@link #plan}
   * reads, and its scale-in walk (the first {@link PoolInputs#MAX_CONSIDERED} candidates).
   */
  public static PoolInputs inputs(
      PoolPolicy p, List<Member> members, Resources queued, int desired) {
    Base b = base(members, queued);
    Resources size =
        p.agentSize() != null
            ? p.agentSize()
            : b.serving().isEmpty() ? null : b.capacity().times(1.0 / b.serving().size());
    int needed =
        size == null || size.isZero()
            ? p.minAgents()
            : Math.min(p.maxAgents(), Math.max(p.minAgents(), needed(b.demand(), size, p)));
    int maxRemove = Math.min(p.maxDown(), members.size() - Math.max(needed, p.minAgents()));
    List<PoolInputs.Considered> considered =
        walk(p, members, b.capacity(), b.demand(), maxRemove).stream()
            .limit(PoolInputs.MAX_CONSIDERED)
            .map(
                c ->
                    new PoolInputs.Considered(
                        c.member().instanceId(),
                        c.member().orphan() ? null : c.member().agent().hostname(),
                        c.member().orphan() ? 0 : c.member().agent().tasks(),
                        c.chosen(),
                        c.why()))
            .toList();
    return new PoolInputs(
        fraction(b.capacity().cpus(), b.demand().cpus()),
        fraction(b.capacity().mem(), b.demand().mem()),
        fraction(b.capacity().disk(), b.demand().disk()),
        p.targetFree(),
        b.demand().cpus(),
        b.demand().mem(),
        b.demand().disk(),
        members.size(),
        b.serving().size(),
        (int) members.stream().filter(m -> m.orphan() && !m.booting()).count(),
        desired,
        considered);
  }

  /** A free fraction rounded to 0.1 %, or null when there is none of the resource. */
  private static Double fraction(double cap, double used) {
    double f = free(cap, used);
    return Double.isInfinite(f) ? null : Math.round(f * 1000) / 1000.0;
  }

  /**
   * The smallest count of agents of {@code size} that keeps each resource's free part >= target.
   */
  static int needed(Resources demand, Resources size, PoolPolicy p) {
    double usable = 1 - p.targetFree();
    return (int)
        Math.max(
            0,
            Math.max(
                ceil(demand.cpus(), size.cpus() * usable),
                Math.max(
                    ceil(demand.mem(), size.mem() * usable),
                    ceil(demand.disk(), size.disk() * usable))));
  }

  /** The most constrained resource's free fraction; -inf when demand exceeds the capacity. */
  static double minFree(Resources capacity, Resources demand) {
    double c = free(capacity.cpus(), demand.cpus());
    double m = free(capacity.mem(), demand.mem());
    double d = free(capacity.disk(), demand.disk());
    return Math.min(c, Math.min(m, d));
  }

  private static double free(double cap, double used) {
    if (cap <= 0) {
      return used <= 0 ? 1 : Double.NEGATIVE_INFINITY;
    }
    return (cap - used) / cap;
  }

  private static long ceil(double demand, double perAgent) {
    if (demand <= 0) {
      return 0;
    }
    return perAgent <= 0 ? Integer.MAX_VALUE : (long) Math.ceil(demand / perAgent - 1e-9);
  }

  private static String describe(Resources capacity, Resources demand, PoolPolicy p) {
    return String.format(
        Locale.ROOT,
        "free cpus %s, mem %s, disk %s (target %s)",
        pct(free(capacity.cpus(), demand.cpus())),
        pct(free(capacity.mem(), demand.mem())),
        pct(free(capacity.disk(), demand.disk())),
        pct(p.targetFree()));
  }

  private static String pct(double f) {
    return Double.isInfinite(f) ? "none" : String.format(Locale.ROOT, "%.0f %%", 100 * f);
  }
}

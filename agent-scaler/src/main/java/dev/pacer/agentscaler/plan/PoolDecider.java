package dev.pacer.agentscaler.plan;

import dev.pacer.common.events.types.PoolDryRun;
import dev.pacer.common.events.types.PoolEvent;
import dev.pacer.common.events.types.PoolHeld;
import dev.pacer.common.events.types.PoolInputs;
import dev.pacer.common.events.types.PoolScaledUp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent-scaler does with a pool this cycle, decided without IO, as the autoscaler's {@code
 * ScaleDecider} does for an app: the group's members with their registration grace, then the {@link
 * CapacityPlanner}'s decision weighed against the pause, the cooldowns, the dry run and the holds
 * already said. The interpreter ({@code scale.AgentScaler}) reads the cluster, calls this, carries
 * the {@link Plan} out and keeps the {@link Memory} it returns.
 */
public final class PoolDecider {
  private PoolDecider() {}

  /**
   * What a pool's cycles remember: the last scale-up and scale-down this process made (until the
   * group's activities show them), the last hold said, and when each instance without an agent was
   * first seen (its registration grace).
   */
  public record Memory(
      Instant lastUp, Instant lastDown, String lastHold, Map<String, Instant> firstSeenOrphan) {
    public static final Memory EMPTY = new Memory(null, null, null, Map.of());

    public Memory {
      firstSeenOrphan = Map.copyOf(firstSeenOrphan);
    }

    Memory up(Instant at) {
      return new Memory(at, lastDown, null, firstSeenOrphan);
    }

    Memory down(Instant at) {
      return new Memory(lastUp, at, null, firstSeenOrphan);
    }

    Memory held(String kind) {
      return new Memory(lastUp, lastDown, kind, firstSeenOrphan);
    }
  }

  /** One instance of the group, as the cloud lists it. */
  public record Instance(String id, String lifecycleState, boolean protectedFromScaleIn) {}

  /** The group's members, and the memory with their first sightings. */
  public record Members(List<Member> members, Memory memory) {}

  /**
   * The group's instances that are not terminating, each with its agent (by the instance-id
   * attribute); one without an agent is booting for {@code grace} after it was first seen, then
   * missing.
   */
  public static Members members(
      List<Instance> instances,
      Map<String, dev.pacer.common.mesos.Agent> byInstance,
      Memory memory,
      Duration grace,
      Instant now) {
    Map<String, Instant> seen = new LinkedHashMap<>(memory.firstSeenOrphan());
    List<Member> members =
        instances.stream()
            .filter(i -> !i.lifecycleState().startsWith("Terminat"))
            .map(
                i -> {
                  var a = byInstance.get(i.id());
                  if (a != null) {
                    seen.remove(i.id());
                    return new Member(i.id(), a);
                  }
                  Instant since = seen.computeIfAbsent(i.id(), x -> now);
                  return new Member(i.id(), null, since.plus(grace).isAfter(now));
                })
            .toList();
    seen.keySet().retainAll(instances.stream().map(Instance::id).toList());
    return new Members(
        members, new Memory(memory.lastUp(), memory.lastDown(), memory.lastHold(), seen));
  }

  /**
   * Everything the decision weighs.
   *
   * @param lastUp the last scale-up that took effect (the group's activities, or this process)
   * @param lastDown likewise for a scale-down (a termination, or a drain under way)
   * @param pause the pause covering the pool, described; empty when none
   * @param primed a cycle as leader ran since the start: a hold before that is not news
   * @param inputs what the decision weighed, said in its event for the decision journal
   */
  public record Input(
      String pool,
      String group,
      Duration scaleUpCooldown,
      Duration scaleDownCooldown,
      PoolDecision decision,
      int desired,
      List<Instance> instances,
      Optional<String> pause,
      Instant lastUp,
      Instant lastDown,
      boolean dryRun,
      boolean leader,
      boolean primed,
      Memory memory,
      PoolInputs inputs,
      Instant now) {}

  /** What to do. */
  public sealed interface Action {
    /** Set the group's desired capacity, then publish {@code event}. */
    record ScaleUpTo(int desired, PoolScaledUp event) implements Action {}

    /** Start draining these members (their instances terminate once drained). */
    record Drain(List<Member> members, String reason, PoolInputs inputs) implements Action {}

    /** Publish {@code event}. */
    record Publish(PoolEvent event) implements Action {
      public String type() {
        return event.type();
      }
    }

    /** Nothing to do, for the reason said. */
    record None() implements Action {}
  }

  /**
   * The plan for one cycle.
   *
   * @param protect instances to protect from the group's own scale-in first (none in a dry run)
   * @param memory the memory to keep now
   * @param afterSuccess the memory to keep once the action took effect (a failed attempt never
   *     starts a cooldown)
   * @param said what the pool's status says was done
   */
  public record Plan(
      List<String> protect, Action action, Memory memory, Memory afterSuccess, String said) {}

  public static Plan decide(Input in) {
    Memory m = in.memory();
    if (!in.leader()) {
      return new Plan(List.of(), new Action.None(), m, m, "no longer the leader: the leader acts");
    }
    List<String> unprotected =
        in.dryRun()
            ? List.of()
            : in.instances().stream()
                .filter(i -> !i.protectedFromScaleIn())
                .map(Instance::id)
                .toList();
    if (in.decision() instanceof PoolDecision.ScaleUp up) {
      if (in.pause().isPresent()) {
        return hold(in, List.of(), "paused", "paused: " + in.pause().get(), "held: paused");
      }
      Optional<Instant> cooling = until(in.lastUp(), in.scaleUpCooldown(), in.now());
      if (cooling.isPresent()) {
        return hold(
            in,
            List.of(),
            "cooldown",
            "scale-up cooldown until " + cooling.get(),
            "held: cooldown");
      }
      if (in.dryRun()) {
        return new Plan(
            List.of(),
            new Action.Publish(
                new PoolDryRun(
                    in.pool(),
                    in.group(),
                    in.desired(),
                    up.desired(),
                    up.reason(),
                    null,
                    in.inputs())),
            m,
            m,
            "dry run: would add " + up.add());
      }
      return new Plan(
          unprotected,
          new Action.ScaleUpTo(
              up.desired(),
              new PoolScaledUp(
                  in.pool(), in.group(), in.desired(), up.desired(), up.reason(), in.inputs())),
          m,
          m.up(in.now()),
          "scaled up " + in.desired() + " -> " + up.desired());
    }
    if (in.decision() instanceof PoolDecision.ScaleIn scaleIn) {
      // agents already in the schedule are being drained: they are not started again
      List<Member> fresh =
          scaleIn.victims().stream().filter(v -> v.orphan() || !v.agent().draining()).toList();
      if (fresh.isEmpty()) {
        return new Plan(
            unprotected,
            new Action.None(),
            m,
            m,
            "draining " + scaleIn.victims().stream().map(Member::instanceId).toList());
      }
      if (in.pause().isPresent()) {
        return hold(in, List.of(), "paused", "paused: " + in.pause().get(), "held: paused");
      }
      Optional<Instant> cooling = until(in.lastDown(), in.scaleDownCooldown(), in.now());
      if (cooling.isPresent()) {
        return hold(
            in,
            List.of(),
            "cooldown",
            "scale-down cooldown until " + cooling.get(),
            "held: cooldown");
      }
      List<String> ids = fresh.stream().map(Member::instanceId).toList();
      if (in.dryRun()) {
        PoolDryRun would =
            new PoolDryRun(
                in.pool(),
                in.group(),
                in.desired(),
                in.desired() - ids.size(),
                scaleIn.reason(),
                ids,
                in.inputs());
        return new Plan(List.of(), new Action.Publish(would), m, m, "dry run: would drain " + ids);
      }
      return new Plan(
          unprotected,
          new Action.Drain(fresh, scaleIn.reason(), in.inputs()),
          m,
          m.down(in.now()),
          "");
    }
    PoolDecision.Hold h = (PoolDecision.Hold) in.decision();
    return hold(in, unprotected, h.kind().name().toLowerCase(Locale.ROOT), h.reason(), "held");
  }

  /** A hold is said once per kind in a row (and "in band" never): a changed hold is news. */
  private static Plan hold(
      Input in, List<String> protect, String kind, String reason, String said) {
    Memory m = in.memory();
    if (kind.equals("in_band") || kind.equals(m.lastHold())) {
      return new Plan(protect, new Action.None(), m, m, said);
    }
    Memory held = m.held(kind);
    return new Plan(
        protect,
        new Action.Publish(new PoolHeld(in.pool(), kind, reason, !in.primed(), in.inputs())),
        held,
        held,
        said);
  }

  /** Until when a cooldown holds, if it does at {@code now}. */
  static Optional<Instant> until(Instant last, Duration cooldown, Instant now) {
    if (last == null) {
      return Optional.empty();
    }
    Instant end = last.plus(cooldown);
    return end.isAfter(now) ? Optional.of(end) : Optional.empty();
  }
}

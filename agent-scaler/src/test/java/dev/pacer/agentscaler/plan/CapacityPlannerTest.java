package dev.pacer.agentscaler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.mesos.Agent;
import dev.pacer.common.mesos.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {
  static final Resources SIZE = new Resources(8, 32_000, 100_000);

  static PoolPolicy policy(Set<String> protectedAgents) {
    return new PoolPolicy("scaling", 0.20, 0.05, 2, 10, 4, 1, 0.30, null, protectedAgents);
  }

  static Member agent(String name, double cpusUsed, int tasks) {
    return agent(name, cpusUsed, tasks, "");
  }

  static Member agent(String name, double cpusUsed, int tasks, String drain) {
    Agent a =
        new Agent(
            "S-" + name,
            name,
            "10.0.0." + Math.abs(name.hashCode() % 200),
            Map.of("pool", "scaling"),
            SIZE,
            new Resources(cpusUsed, cpusUsed * 1_000, cpusUsed * 1_000),
            true,
            false,
            drain,
            tasks);
    return new Member("i-" + name, a);
  }

  static List<Member> pool(double... cpusUsed) {
    List<Member> m = new ArrayList<>();
    for (int i = 0; i < cpusUsed.length; i++) {
      m.add(agent("a" + i, cpusUsed[i], (int) Math.ceil(cpusUsed[i])));
    }
    return m;
  }

  @Test
  void loadAbove80PercentAddsTheAgentsThatRestoreTheHeadroom() {
    // 4 x 8 cpus, 28 used: 12.5 % free < 20 %; 28 / (8 x 0.8) = 4.4 -> 5 agents
    PoolDecision d = CapacityPlanner.plan(policy(Set.of()), pool(7, 7, 7, 7), Resources.ZERO, 4);
    assertThat(d).isEqualTo(new PoolDecision.ScaleUp(1, 5, ((PoolDecision.ScaleUp) d).reason()));
    assertThat(d.reason()).contains("free cpus 13 %").contains("needs 5 agents, has 4");
  }

  @Test
  void marathonsQueuedDemandCountsAsDemand() {
    // 20 of 32 used is 37.5 % free, but 10 cpus wait in Marathon's queue: 30 / 6.4 -> 5
    PoolDecision d =
        CapacityPlanner.plan(policy(Set.of()), pool(5, 5, 5, 5), new Resources(10, 0, 0), 4);
    assertThat(d).isInstanceOf(PoolDecision.ScaleUp.class);
    assertThat(((PoolDecision.ScaleUp) d).desired()).isEqualTo(5);
  }

  @Test
  void whenLoadFallsTheIdleThenLeastUsedUnprotectedAgentGoesOnePerCycle() {
    List<Member> m = pool(3, 0.5, 2, 0.2, 4, 1);
    m.set(3, agent("a3", 0, 0)); // idle
    PoolDecision d = CapacityPlanner.plan(policy(Set.of()), m, Resources.ZERO, 6);
    assertThat(d).isInstanceOf(PoolDecision.ScaleIn.class);
    assertThat(((PoolDecision.ScaleIn) d).victims())
        .extracting(Member::instanceId)
        .containsExactly("i-a3");
    assertThat(CapacityPlanner.plan(policy(Set.of("a3", "i-a1")), m, Resources.ZERO, 6))
        .isInstanceOfSatisfying(
            PoolDecision.ScaleIn.class,
            s -> assertThat(s.victims()).extracting(Member::instanceId).containsExactly("i-a5"));
  }

  @Test
  void theInputsNameTheFreeFractionsTheDemandAndEachCandidateChosenOrNotWithWhy() {
    List<Member> m = pool(3, 0.5, 2, 0.2, 4, 1);
    m.set(3, agent("a3", 0, 0)); // idle
    var in = CapacityPlanner.inputs(policy(Set.of("i-a1")), m, new Resources(1, 0, 0), 6);
    // 48 cpus, 10.5 used + 1 queued: 76 % free
    assertThat(in.freeCpus()).isEqualTo(0.76);
    assertThat(in.demandCpus()).isEqualTo(11.5);
    assertThat(in.targetFree()).isEqualTo(0.20);
    assertThat(List.of(in.members(), in.serving(), in.missing(), in.desired()))
        .containsExactly(6, 6, 0, 6);
    assertThat(in.considered())
        .extracting(c -> c.instanceId() + " " + c.chosen() + " " + c.why())
        .containsExactly(
            "i-a3 true idle",
            "i-a5 false max-down 1 reached",
            "i-a2 false not reached",
            "i-a0 false not reached",
            "i-a4 false not reached",
            "i-a1 false protected");
    // the same walk as the plan's: its victims are the chosen ones
    assertThat(CapacityPlanner.plan(policy(Set.of("i-a1")), m, new Resources(1, 0, 0), 6))
        .isInstanceOfSatisfying(
            PoolDecision.ScaleIn.class,
            s -> assertThat(s.victims()).extracting(Member::instanceId).containsExactly("i-a3"));
  }

  @Test
  void aCandidateThatWouldLeaveTooLittleFreeIsNamedWithTheFractionItWouldLeave() {
    // 12.5 of 24 cpus used: 3 agents are more than the 2 needed, but 2 would leave 22 % free
    var in = CapacityPlanner.inputs(policy(Set.of()), pool(5, 4, 3.5), Resources.ZERO, 3);
    assertThat(in.considered().get(0).chosen()).isFalse();
    assertThat(in.considered().get(0).why())
        .isEqualTo("giving it up would leave 22 % free, under 25 %");
    assertThat(CapacityPlanner.plan(policy(Set.of()), pool(5, 4, 3.5), Resources.ZERO, 3))
        .isInstanceOf(PoolDecision.Hold.class);
  }

  @Test
  void noScaleInThatWouldLeaveLessThanTargetPlusMargin() {
    // 3 x 8 = 24 cpus, 13 used: 46 % free; without one: 16 cpus, 19 % free < 25 %
    PoolDecision d = CapacityPlanner.plan(policy(Set.of()), pool(5, 4, 4), Resources.ZERO, 3);
    assertThat(d)
        .isInstanceOfSatisfying(
            PoolDecision.Hold.class,
            h -> assertThat(h.kind()).isEqualTo(PoolDecision.Kind.IN_BAND));
  }

  @Test
  void fortyPercentOfTheGroupMissingFromMesosHoldsEverything() {
    List<Member> m = pool(7.9, 7.9, 7.9);
    m.add(new Member("i-x", null));
    m.add(new Member("i-y", null));
    PoolDecision d = CapacityPlanner.plan(policy(Set.of()), m, Resources.ZERO, 5);
    assertThat(d)
        .isInstanceOfSatisfying(
            PoolDecision.Hold.class,
            h -> {
              assertThat(h.kind()).isEqualTo(PoolDecision.Kind.MISSING);
              assertThat(h.reason())
                  .contains("2 of 5 instances of the group are not in Mesos (40 %");
            });
  }

  @Test
  void instancesWithinTheirRegistrationGraceAreComingNotMissing() {
    List<Member> m = pool(7.9, 7.9, 7.9);
    m.add(new Member("i-x", null, true));
    m.add(new Member("i-y", null, true));
    PoolDecision d = CapacityPlanner.plan(policy(Set.of()), m, Resources.ZERO, 5);
    assertThat(d)
        .isInstanceOfSatisfying(
            PoolDecision.Hold.class,
            h -> {
              assertThat(h.kind()).isEqualTo(PoolDecision.Kind.LAUNCHING);
              assertThat(h.reason()).contains("2 instance(s) not registered in Mesos yet");
            });
  }

  @Test
  void instancesStillLaunchingAreNotAddedAgainNorScaledIn() {
    // desired 6, 4 in the group so far: 2 launching cover the need of 5
    PoolDecision d = CapacityPlanner.plan(policy(Set.of()), pool(7, 7, 7, 7), Resources.ZERO, 6);
    assertThat(d)
        .isInstanceOfSatisfying(
            PoolDecision.Hold.class,
            h -> assertThat(h.kind()).isEqualTo(PoolDecision.Kind.LAUNCHING));
  }

  @Test
  void atMaxItHoldsAndSaysSo() {
    PoolPolicy p = new PoolPolicy("scaling", 0.2, 0.05, 1, 4, 4, 1, 0.3, null, Set.of());
    PoolDecision d = CapacityPlanner.plan(p, pool(8, 8, 8, 8), Resources.ZERO, 4);
    assertThat(d)
        .isInstanceOfSatisfying(
            PoolDecision.Hold.class, h -> assertThat(h.kind()).isEqualTo(PoolDecision.Kind.AT_MAX));
  }

  @Test
  void victimsComeDrainingFirstThenOrphansIdleFewestTasksLeastUsed() {
    List<Member> m =
        List.of(
            agent("busy", 6, 6),
            agent("light", 1, 1),
            agent("lighter", 0.5, 1),
            agent("idle", 0, 0),
            new Member("i-orphan", null),
            agent("draining", 3, 3, "DRAINING"),
            agent("kept", 0, 0));
    assertThat(Victims.inOrder(m, Set.of("kept")))
        .extracting(Member::instanceId)
        .containsExactly("i-draining", "i-orphan", "i-idle", "i-lighter", "i-light", "i-busy");
  }
}

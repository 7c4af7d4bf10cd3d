package dev.pacer.agentscaler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.mesos.Agent;
import dev.pacer.common.mesos.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The planner's promises over random pools of equal agents. */
class CapacityPlannerPropertiesTest {
  static final Resources SIZE = new Resources(8, 32_000, 100_000);

  record Case(PoolPolicy policy, List<Member> members, Resources queued) {}

  @Provide
  Arbitrary<Case> pools() {
    Arbitrary<List<Double>> loads =
        Arbitraries.doubles().between(0, 1).list().ofMinSize(1).ofMaxSize(30);
    return Combinators.combine(
            loads,
            Arbitraries.doubles().between(0, 60),
            Arbitraries.integers().between(1, 10),
            Arbitraries.integers().between(1, 5),
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 6))
        .as(
            (load, queuedCpus, maxUp, maxDown, min, protectedCount) -> {
              List<Member> members = new ArrayList<>();
              Set<String> prot = new HashSet<>();
              for (int i = 0; i < load.size(); i++) {
                double u = load.get(i);
                Agent a =
                    new Agent(
                        "S" + i,
                        "agent-" + i,
                        "10.0.0." + i,
                        Map.of("pool", "scaling"),
                        SIZE,
                        SIZE.times(u),
                        true,
                        false,
                        "",
                        (int) Math.round(u * 10));
                members.add(new Member("i-" + i, a));
                if (i < protectedCount) {
                  prot.add("agent-" + i);
                }
              }
              PoolPolicy p =
                  new PoolPolicy("scaling", 0.20, 0.05, min, 50, maxUp, maxDown, 0.30, null, prot);
              return new Case(p, members, new Resources(queuedCpus, 0, 0));
            });
  }

  static Resources capacity(List<Member> members) {
    return members.stream()
        .filter(Member::serving)
        .map(m -> m.agent().total())
        .reduce(Resources.ZERO, Resources::plus);
  }

  static Resources demand(Case c) {
    return c.members().stream().map(m -> m.agent().used()).reduce(c.queued(), Resources::plus);
  }

  @Property
  void aScaleUpRestoresTheHeadroomUnlessALimitStopsIt(@ForAll("pools") Case c) {
    PoolDecision d = CapacityPlanner.plan(c.policy(), c.members(), c.queued(), c.members().size());
    // the generated pools reach every kind of decision, so no property here holds vacuously
    Statistics.collect(d.getClass().getSimpleName());
    Statistics.coverage(
        cov -> {
          cov.check("ScaleUp").percentage(pc -> pc > 10);
          cov.check("ScaleIn").percentage(pc -> pc > 10);
          cov.check("Hold").percentage(pc -> pc > 5);
        });
    if (d instanceof PoolDecision.ScaleUp up) {
      assertThat(up.desired()).isLessThanOrEqualTo(c.policy().maxAgents());
      assertThat(up.add()).isBetween(1, c.policy().maxUp());
      Resources after = capacity(c.members()).plus(SIZE.times(up.add()));
      boolean restored =
          CapacityPlanner.minFree(after, demand(c)) >= c.policy().targetFree() - 1e-9;
      assertThat(
              restored || up.add() == c.policy().maxUp() || up.desired() == c.policy().maxAgents())
          .as(d.reason())
          .isTrue();
    }
  }

  @Property
  void aPoolAtOrAboveTheTargetIsNeverScaledUp(@ForAll("pools") Case c) {
    boolean enough =
        CapacityPlanner.minFree(capacity(c.members()), demand(c)) >= c.policy().targetFree()
            && c.members().size() >= c.policy().minAgents();
    PoolDecision d = CapacityPlanner.plan(c.policy(), c.members(), c.queued(), c.members().size());
    Statistics.collect(enough ? "enough" : "short");
    Statistics.coverage(cov -> cov.check("enough").percentage(pc -> pc > 10));
    if (enough) {
      assertThat(d).as(d.reason()).isNotInstanceOf(PoolDecision.ScaleUp.class);
    }
  }

  @Property
  void aScaleInKeepsTargetPlusMarginAndMinAndNeverTakesAProtectedAgent(@ForAll("pools") Case c) {
    PoolDecision d = CapacityPlanner.plan(c.policy(), c.members(), c.queued(), c.members().size());
    Statistics.collect(d.getClass().getSimpleName());
    Statistics.coverage(cov -> cov.check("ScaleIn").percentage(pc -> pc > 10));
    if (d instanceof PoolDecision.ScaleIn in) {
      assertThat(in.victims()).hasSizeBetween(1, c.policy().maxDown());
      assertThat(in.victims())
          .noneMatch(v -> c.policy().protectedAgents().contains(v.agent().hostname()));
      List<Member> left = new ArrayList<>(c.members());
      left.removeAll(in.victims());
      assertThat(left.size()).isGreaterThanOrEqualTo(c.policy().minAgents());
      assertThat(CapacityPlanner.minFree(capacity(left), demand(c)))
          .isGreaterThanOrEqualTo(c.policy().targetFree() + c.policy().margin() - 1e-9);
    }
  }

  @Property
  void aScaleInIsNeverFollowedByAScaleUpAtTheSameDemand(@ForAll("pools") Case c) {
    PoolDecision d = CapacityPlanner.plan(c.policy(), c.members(), c.queued(), c.members().size());
    Statistics.collect(d.getClass().getSimpleName());
    Statistics.coverage(cov -> cov.check("ScaleIn").percentage(pc -> pc > 10));
    if (!(d instanceof PoolDecision.ScaleIn in)) {
      return;
    }
    // the victims' tasks move to the agents that are left: the same demand on fewer agents
    List<Member> left = new ArrayList<>(c.members());
    left.removeAll(in.victims());
    Resources moved =
        in.victims().stream().map(v -> v.agent().used()).reduce(Resources.ZERO, Resources::plus);
    Resources each = moved.times(1.0 / left.size());
    List<Member> after =
        left.stream()
            .map(
                m ->
                    new Member(
                        m.instanceId(),
                        new Agent(
                            m.agent().id(),
                            m.agent().hostname(),
                            m.agent().ip(),
                            m.agent().attributes(),
                            m.agent().total(),
                            m.agent().used().plus(each),
                            true,
                            false,
                            "",
                            m.agent().tasks())))
            .toList();
    PoolDecision next = CapacityPlanner.plan(c.policy(), after, c.queued(), after.size());
    assertThat(next).as(next.reason()).isNotInstanceOf(PoolDecision.ScaleUp.class);
  }
}

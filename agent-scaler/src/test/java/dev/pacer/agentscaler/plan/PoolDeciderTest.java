package dev.pacer.agentscaler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.agentscaler.plan.PoolDecider.Action;
import dev.pacer.agentscaler.plan.PoolDecider.Instance;
import dev.pacer.agentscaler.plan.PoolDecider.Memory;
import dev.pacer.agentscaler.plan.PoolDecider.Plan;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.PoolDryRun;
import dev.pacer.common.events.types.PoolHeld;
import dev.pacer.common.events.types.PoolScaledUp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** The pool's decision after the planner: pause, cooldowns, dry run, holds said once. No IO. */
class PoolDeciderTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Duration UP_CD = Duration.ofMinutes(5);
  static final Duration DOWN_CD = Duration.ofMinutes(15);
  static final dev.pacer.common.events.types.PoolInputs INPUTS =
      new dev.pacer.common.events.types.PoolInputs(
          0.1, 0.5, 0.9, 0.2, 7.2, 1024, 0, 2, 2, 0, 2, List.of());
  static final List<Instance> INSTANCES =
      List.of(new Instance("i-1", "InService", true), new Instance("i-2", "InService", false));
  static final PoolDecision UP = new PoolDecision.ScaleUp(2, 4, "free cpus 10% < 20%");
  static final PoolDecision IN =
      new PoolDecision.ScaleIn(
          List.of(CapacityPlannerTest.agent("a1", 0, 0)), "free cpus 60% > 25%");
  static final PoolDecision SHORT =
      new PoolDecision.Hold(PoolDecision.Kind.values()[1], "too many orphans");

  static PoolDecider.Input input(
      PoolDecision d,
      Optional<String> pause,
      Instant lastUp,
      Instant lastDown,
      boolean dryRun,
      Memory memory) {
    return new PoolDecider.Input(
        "scaling", "asg-1", UP_CD, DOWN_CD, d, 2, INSTANCES, pause, lastUp, lastDown, dryRun, true,
        true, memory, INPUTS, NOW);
  }

  static Plan decide(PoolDecision d) {
    return PoolDecider.decide(input(d, Optional.empty(), null, null, false, Memory.EMPTY));
  }

  @Test
  void aScaleUpProtectsTheNewInstancesSetsTheGroupAndStartsItsCooldownOnlyOnSuccess() {
    Plan p = decide(UP);
    assertThat(p.protect()).containsExactly("i-2");
    assertThat(p.action())
        .isInstanceOfSatisfying(
            Action.ScaleUpTo.class,
            up -> {
              assertThat(up.desired()).isEqualTo(4);
              assertThat(up.event())
                  .isEqualTo(
                      new PoolScaledUp("scaling", "asg-1", 2, 4, up.event().reason(), INPUTS));
            });
    assertThat(p.memory().lastUp()).as("not before it took effect").isNull();
    assertThat(p.afterSuccess().lastUp()).isEqualTo(NOW);
    assertThat(p.said()).isEqualTo("scaled up 2 -> 4");
  }

  @Test
  void aPauseOrACooldownHoldsAndTheHoldIsSaidOnce() {
    Plan paused =
        PoolDecider.decide(
            input(UP, Optional.of("by ops until 11:00"), null, null, false, Memory.EMPTY));
    assertThat(paused.action())
        .isEqualTo(
            new Action.Publish(
                new PoolHeld("scaling", "paused", "paused: by ops until 11:00", false, INPUTS)));
    assertThat(paused.protect()).isEmpty();
    assertThat(paused.said()).isEqualTo("held: paused");
    // the next cycle, still paused: nothing new to say
    Plan again =
        PoolDecider.decide(
            input(UP, Optional.of("by ops until 11:00"), null, null, false, paused.memory()));
    assertThat(again.action()).isEqualTo(new Action.None());

    Plan cooling =
        PoolDecider.decide(
            input(UP, Optional.empty(), NOW.minusSeconds(60), null, false, paused.memory()));
    assertThat(cooling.action())
        .isInstanceOfSatisfying(
            Action.Publish.class,
            pub ->
                assertThat(pub.event())
                    .isEqualTo(
                        new PoolHeld(
                            "scaling",
                            "cooldown",
                            "scale-up cooldown until " + NOW.minusSeconds(60).plus(UP_CD),
                            false,
                            INPUTS)));
  }

  @Test
  void aScaleInDrainsOnlyWhatIsNotDrainingAlreadyAndHonoursTheDownCooldown() {
    Plan p = decide(IN);
    assertThat(p.action()).isInstanceOf(Action.Drain.class);
    assertThat(p.afterSuccess().lastDown()).isEqualTo(NOW);

    Plan cooling =
        PoolDecider.decide(
            input(IN, Optional.empty(), null, NOW.minusSeconds(60), false, Memory.EMPTY));
    assertThat(cooling.said()).isEqualTo("held: cooldown");

    PoolDecision draining =
        new PoolDecision.ScaleIn(
            List.of(CapacityPlannerTest.agent("a1", 0, 0, "DRAINING")), "still too much");
    Plan under = decide(draining);
    assertThat(under.action()).isEqualTo(new Action.None());
    assertThat(under.said()).startsWith("draining [");
  }

  @Test
  void aDryRunPublishesWhatItWouldDoAndChangesNothing() {
    Plan up = PoolDecider.decide(input(UP, Optional.empty(), null, null, true, Memory.EMPTY));
    assertThat(up.protect()).isEmpty();
    assertThat(up.action())
        .isInstanceOfSatisfying(
            Action.Publish.class,
            pub -> assertThat(pub.type()).isEqualTo(EventTypes.AGENTS_DRY_RUN));
    assertThat(up.afterSuccess()).isEqualTo(Memory.EMPTY);
    Plan in = PoolDecider.decide(input(IN, Optional.empty(), null, null, true, Memory.EMPTY));
    assertThat(((PoolDryRun) ((Action.Publish) in.action()).event()).victims()).isNotEmpty();
  }

  @Test
  void aFollowerDoesNothingAndTheFirstCyclesHoldsAreMarkedAfterStart() {
    PoolDecider.Input follower =
        new PoolDecider.Input(
            "scaling",
            "asg-1",
            UP_CD,
            DOWN_CD,
            UP,
            2,
            INSTANCES,
            Optional.empty(),
            null,
            null,
            false,
            false,
            true,
            Memory.EMPTY,
            INPUTS,
            NOW);
    assertThat(PoolDecider.decide(follower).action()).isEqualTo(new Action.None());
    PoolDecider.Input first =
        new PoolDecider.Input(
            "scaling",
            "asg-1",
            UP_CD,
            DOWN_CD,
            SHORT,
            2,
            INSTANCES,
            Optional.empty(),
            null,
            null,
            false,
            true,
            false,
            Memory.EMPTY,
            INPUTS,
            NOW);
    assertThat(
            ((PoolHeld) ((Action.Publish) PoolDecider.decide(first).action()).event()).afterStart())
        .isTrue();
  }

  @Test
  void anInstanceWithoutAgentBootsForTheGraceThenIsMissing() {
    List<Instance> one = List.of(new Instance("i-9", "Pending", false));
    PoolDecider.Members m =
        PoolDecider.members(one, Map.of(), Memory.EMPTY, Duration.ofMinutes(10), NOW);
    assertThat(m.members()).containsExactly(new Member("i-9", null, true));
    PoolDecider.Members later =
        PoolDecider.members(
            one, Map.of(), m.memory(), Duration.ofMinutes(10), NOW.plusSeconds(601));
    assertThat(later.members()).containsExactly(new Member("i-9", null, false));
    // a terminating instance is no member, and a gone one is forgotten
    PoolDecider.Members gone =
        PoolDecider.members(
            List.of(new Instance("i-9", "Terminating", false)),
            Map.of(),
            later.memory(),
            Duration.ofMinutes(10),
            NOW);
    assertThat(gone.members()).isEmpty();
    assertThat(
            PoolDecider.members(List.of(), Map.of(), later.memory(), Duration.ZERO, NOW)
                .memory()
                .firstSeenOrphan())
        .isEmpty();
  }

  /** Inside either cooldown nothing changes the group, whatever the planner says. */
  @Property
  void nothingActsInsideItsCooldown(
      @ForAll @IntRange(min = 0, max = 3) int kind,
      @ForAll @IntRange(min = 0, max = 3600) int secondsSinceUp,
      @ForAll @IntRange(min = 0, max = 3600) int secondsSinceDown,
      @ForAll boolean paused,
      @ForAll boolean dryRun) {
    PoolDecision d = kind == 0 ? UP : kind == 1 ? IN : SHORT;
    Plan p =
        PoolDecider.decide(
            input(
                d,
                paused ? Optional.of("paused") : Optional.empty(),
                NOW.minusSeconds(secondsSinceUp),
                NOW.minusSeconds(secondsSinceDown),
                dryRun,
                Memory.EMPTY));
    boolean changes = p.action() instanceof Action.ScaleUpTo || p.action() instanceof Action.Drain;
    Statistics.collect(changes ? "changes" : "holds");
    Statistics.coverage(
        cov -> {
          cov.check("changes").percentage(pc -> pc > 2);
          cov.check("holds").percentage(pc -> pc > 5);
        });
    if (p.action() instanceof Action.ScaleUpTo) {
      assertThat(paused || dryRun).isFalse();
      assertThat(Duration.ofSeconds(secondsSinceUp)).isGreaterThanOrEqualTo(UP_CD);
    }
    if (p.action() instanceof Action.Drain) {
      assertThat(paused || dryRun).isFalse();
      assertThat(Duration.ofSeconds(secondsSinceDown)).isGreaterThanOrEqualTo(DOWN_CD);
    }
    assertThat(changes || p.afterSuccess().equals(p.memory())).isTrue();
  }
}

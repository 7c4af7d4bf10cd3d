package dev.pacer.agentscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.aws.AutoScalingSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two hours of agent-scaler cycles on virtual time (240 cycles of 30 s, a few seconds of wall
 * time): a load that rises and falls so that scale-ups and drains interleave, transient failures of
 * AWS (SetDesiredCapacity, TerminateInstanceInAutoScalingGroup) and of Mesos (the schedule write),
 * and a restart of the agent-scaler in the middle, right after it acted. Whatever happens, every
 * scale-up is the one planned from the group as it is, no cooldown is shorter than configured
 * across the restart, and every cooldown starts at an action that took effect.
 */
class AgentScalerSoakIT {
  static final Duration CYCLE = Duration.ofSeconds(30);
  static final Duration UP = Duration.ofMinutes(3);
  static final Duration DOWN = Duration.ofMinutes(5);
  static final int CYCLES = 240;
  static final double TASK_CPUS = 2;
  static final int PER_AGENT = 4;

  /** 2-cpu tasks wanted at cycle c: two waves, so the pool grows and shrinks several times. */
  static int load(int c) {
    return (int)
        Math.max(
            2,
            Math.round(
                14
                    + 10 * Math.sin(2 * Math.PI * c / 120.0)
                    + 5 * Math.sin(2 * Math.PI * c / 37.0)));
  }

  final Map<String, String> tasks = new LinkedHashMap<>(); // task id → agent
  int nextTask;

  @Test
  void twoHoursOfScaleUpsAndDrainsWithFaultsAndARestartKeepEveryPlanAndEveryCooldown() {
    try (VirtualPool v = new VirtualPool(UP, DOWN, 2, 12, 3)) {
      Instant restartedAt = null;
      for (int c = 0; c < CYCLES; c++) {
        if (c % 17 == 5) {
          v.aws.failNext("SetDesiredCapacity", "ScalingActivityInProgress", 1);
        }
        if (c % 23 == 11) {
          v.aws.failNext("TerminateInstanceInAutoScalingGroup", "ScalingActivityInProgress", 1);
        }
        if (c % 19 == 7) {
          v.mesos.failNext("POST /master/maintenance/schedule", 1);
        }
        place(v, load(c));
        int changes = v.aws.desiredChanges().size();
        int drains = drainEvents(v).size();
        v.cycle();
        boolean acted = v.aws.desiredChanges().size() > changes || drainEvents(v).size() > drains;
        if (restartedAt == null && c >= CYCLES / 2 && acted) {
          v.restart(); // inside the cooldown that action started
          restartedAt = v.clock.instant();
        }
        v.advance(CYCLE);
      }
      String report = report(v);

      // the run did what it is meant to exercise
      assertThat(restartedAt).as(report).isNotNull();
      assertThat(v.aws.desiredChanges()).as(report).hasSizeGreaterThanOrEqualTo(3);
      assertThat(drainEvents(v)).as(report).hasSizeGreaterThanOrEqualTo(3);
      assertThat(v.aws.calls())
          .as(report)
          .contains(
              "SetDesiredCapacity ScalingActivityInProgress",
              "TerminateInstanceInAutoScalingGroup ScalingActivityInProgress");
      assertThat(v.mesos.requests()).as(report).contains("POST /master/maintenance/schedule 503");
      Instant restart = restartedAt;
      assertThat(
              holds(v, "scale-up").stream().anyMatch(h -> h.at().isAfter(restart))
                  || holds(v, "scale-down").stream().anyMatch(h -> h.at().isAfter(restart)))
          .as("a cooldown held after the restart\n" + report)
          .isTrue();

      // 1. every scale-up is the one planned, from the group's desired capacity as it was
      List<String> planned =
          events(v, "pacer.agents.scaled_up").stream()
              .map(e -> e.data().get("from") + "->" + e.data().get("to"))
              .toList();
      List<String> applied =
          v.aws.desiredChanges().stream().map(d -> d.from() + "->" + d.to()).toList();
      assertThat(applied).as(report).isEqualTo(planned);
      assertThat(v.aws.desiredChanges()).allMatch(d -> d.to() > d.from());

      // 2. no cooldown shorter than configured, the restart included
      List<Instant> ups = v.aws.desiredChanges().stream().map(d -> d.at()).toList();
      for (int i = 1; i < ups.size(); i++) {
        assertThat(Duration.between(ups.get(i - 1), ups.get(i)))
            .as("scale-ups at %s and %s\n%s", ups.get(i - 1), ups.get(i), report)
            .isGreaterThanOrEqualTo(UP);
      }
      TreeSet<Instant> downEffects = new TreeSet<>(terminations(v));
      for (Instant start : new TreeSet<>(drainEvents(v))) {
        Instant before = downEffects.lower(start);
        if (before != null) {
          assertThat(Duration.between(before, start))
              .as(
                  "a drain started at %s, %s after the scale-down at %s\n%s",
                  start, Duration.between(before, start), before, report)
              .isGreaterThanOrEqualTo(DOWN);
        }
        downEffects.add(start);
      }

      // 3. every cooldown starts at an action that took effect, never at a failed attempt
      TreeSet<Instant> launches = new TreeSet<>(launches(v));
      for (Hold h : holds(v, "scale-up")) {
        assertThat(launches).as("%s\n%s", h, report).contains(h.until().minus(UP));
      }
      for (Hold h : holds(v, "scale-down")) {
        assertThat(downEffects).as("%s\n%s", h, report).contains(h.until().minus(DOWN));
      }
    }
  }

  /** Puts the wanted number of tasks on the serving agents, fullest first; moves stranded ones. */
  void place(VirtualPool v, int wanted) {
    List<String> serving = v.serving();
    // tasks on an agent that left service are moved, as Marathon relaunches killed tasks
    for (var it = tasks.entrySet().iterator(); it.hasNext(); ) {
      var t = it.next();
      if (!serving.contains(t.getValue())) {
        if (v.mesos.agentHostnames().contains(t.getValue())) {
          v.mesos.removeTask(t.getKey());
        }
        it.remove();
      }
    }
    while (tasks.size() > wanted) {
      // the emptiest agent loses a task first, so agents empty out and drains finish
      String host =
          serving.stream()
              .filter(tasks::containsValue)
              .min(Comparator.comparingLong(h -> count(h)))
              .orElseThrow();
      String id =
          tasks.entrySet().stream()
              .filter(e -> e.getValue().equals(host))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow();
      v.mesos.removeTask(id);
      tasks.remove(id);
    }
    while (tasks.size() < wanted) {
      String host =
          serving.stream()
              .filter(h -> count(h) < PER_AGENT)
              .max(Comparator.comparingLong(h -> count(h)))
              .orElse(null);
      if (host == null) {
        return; // no room: the pool is full, which the planner sees in the used fraction
      }
      String id = "batch.t" + nextTask++;
      v.mesos.addTask(host, id, TASK_CPUS, 1_000, 0);
      tasks.put(id, host);
    }
  }

  long count(String host) {
    return tasks.values().stream().filter(host::equals).count();
  }

  static List<PacerEvent> events(VirtualPool v, String type) {
    return v.actions.stream().filter(e -> e.type().equals(type)).toList();
  }

  static List<Instant> drainEvents(VirtualPool v) {
    return events(v, "pacer.agents.draining").stream().map(PacerEvent::time).toList();
  }

  static List<Instant> terminations(VirtualPool v) {
    return v.aws.activities().stream()
        .filter(a -> a.description().startsWith("Terminating"))
        .map(AutoScalingSimulator.Activity::start)
        .toList();
  }

  static List<Instant> launches(VirtualPool v) {
    return v.aws.activities().stream()
        .filter(a -> a.description().startsWith("Launching"))
        .map(AutoScalingSimulator.Activity::start)
        .toList();
  }

  record Hold(Instant at, Instant until, String reason) {}

  static final Pattern UNTIL = Pattern.compile("(scale-up|scale-down) cooldown until (\\S+)");

  static List<Hold> holds(VirtualPool v, String which) {
    List<Hold> out = new ArrayList<>();
    for (PacerEvent e : events(v, "pacer.agents.held")) {
      Matcher m = UNTIL.matcher(String.valueOf(e.data().get("reason")));
      if (m.find() && m.group(1).equals(which)) {
        out.add(new Hold(e.time(), Instant.parse(m.group(2)), m.group()));
      }
    }
    return out;
  }

  static String report(VirtualPool v) {
    StringBuilder b = new StringBuilder("desired changes: ").append(v.aws.desiredChanges());
    b.append("\nactions:");
    v.actions.forEach(
        e ->
            b.append("\n  ")
                .append(e.time())
                .append(' ')
                .append(e.type())
                .append(' ')
                .append(e.data()));
    return b.toString();
  }
}

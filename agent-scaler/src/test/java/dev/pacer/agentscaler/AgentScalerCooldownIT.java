package dev.pacer.agentscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.events.PacerEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent-scaler's cooldowns and plans on virtual time ({@link VirtualPool}): a cooldown starts
 * only with an action that took effect, survives a restart (it is read from the group's activities
 * and the maintenance schedule), and a scale-up is planned from the group as the cycle's own drain
 * left it.
 */
class AgentScalerCooldownIT {
  static final Duration CYCLE = Duration.ofSeconds(30);

  /** Fills the first {@code n} agents with four 2-cpu tasks each (no free cpu on them). */
  static void fill(VirtualPool v, List<String> hosts) {
    int t = 0;
    for (String h : hosts) {
      for (int i = 0; i < 4; i++) {
        v.mesos.addTask(h, "batch." + h + "-" + t++, 2, 1_000, 0);
      }
    }
  }

  static List<PacerEvent> events(VirtualPool v, String type) {
    return v.actions.stream().filter(e -> e.type().equals(type)).toList();
  }

  /** Runs cycles every 30 s of virtual time until {@code until}. */
  static void runUntil(VirtualPool v, Instant until) {
    while (v.clock.instant().isBefore(until)) {
      v.cycle();
      v.advance(CYCLE);
    }
  }

  static void postSchedule(VirtualPool v, String body) throws Exception {
    int status =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(v.mesos.url() + "/master/maintenance/schedule"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
    assertThat(status).isEqualTo(200);
  }

  @Test
  void aDrainWhoseStartFailedStartsNoCooldownAndIsStartedOnTheNextCycle() {
    try (VirtualPool v = new VirtualPool(Duration.ZERO, Duration.ofMinutes(10), 2, 10, 4)) {
      v.advance(VirtualPool.BOOT);
      // four idle agents: a scale-in is planned, and its start fails
      v.mesos.failNext("POST /master/maintenance/schedule", 1);
      v.cycle();
      assertThat(v.mesos.requests()).contains("POST /master/maintenance/schedule 503");
      assertThat(events(v, "pacer.agents.draining")).isEmpty();
      v.advance(CYCLE);
      v.cycle();
      assertThat(events(v, "pacer.agents.draining"))
          .as("started 30 s after the failed attempt, not 10 minutes: %s", v.actions)
          .hasSize(1);
      assertThat(v.actions)
          .noneMatch(e -> String.valueOf(e.data().get("reason")).contains("cooldown"));
    }
  }

  @Test
  void aScaleUpInTheCycleWhereADrainEndsIsPlannedFromTheGroupTheDrainLeft() throws Exception {
    try (VirtualPool v = new VirtualPool(Duration.ZERO, Duration.ZERO, 2, 10, 4)) {
      v.advance(VirtualPool.BOOT);
      v.registerDue();
      List<String> hosts = List.copyOf(v.agents.values());
      assertThat(hosts).hasSize(4);
      // three agents full, the fourth (empty) put in the schedule by hand: this cycle drains it
      // to its end, and the full three ask for one more agent
      fill(v, hosts.subList(0, 3));
      String last = hosts.get(3);
      postSchedule(
          v,
          "{\"windows\":[{\"machine_ids\":[{\"hostname\":\""
              + last
              + "\",\"ip\":\"10.0.2.4\"}],\"unavailability\":{\"start\":{\"nanoseconds\":"
              + (v.clock.instant().getEpochSecond() * 1_000_000_000L)
              + "}}}]}");
      v.cycle();
      assertThat(events(v, "pacer.agents.terminated")).hasSize(1);
      assertThat(v.aws.desiredChanges())
          .as("one instance launched for one needed: %s", v.actions)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.from()).isEqualTo(3);
                assertThat(d.to()).isEqualTo(4);
              });
      assertThat(events(v, "pacer.agents.scaled_up"))
          .singleElement()
          .satisfies(e -> assertThat(e.data()).containsEntry("from", 3).containsEntry("to", 4));
    }
  }

  @Test
  void aRestartInsideAScaleUpCooldownKeepsIt() {
    Duration up = Duration.ofMinutes(10);
    try (VirtualPool v = new VirtualPool(up, Duration.ofMinutes(10), 2, 10, 3)) {
      // the group's own launches count as scale-ups too: start once their cooldown is over
      v.advance(up);
      v.registerDue();
      fill(v, List.copyOf(v.agents.values())); // full: scale up
      v.cycle();
      assertThat(v.aws.desiredChanges()).hasSize(1);
      Instant scaledAt = v.aws.desiredChanges().get(0).at();
      v.restart();
      // the new agent registers and is filled too: more is needed, but the cooldown holds
      v.advance(VirtualPool.BOOT);
      v.cycle();
      fill(v, List.of(v.agents.values().stream().toList().get(3)));
      runUntil(v, scaledAt.plus(up).minusSeconds(1));
      assertThat(v.aws.desiredChanges())
          .as("no second scale-up inside the cooldown the restart forgot: %s", v.actions)
          .hasSize(1);
      assertThat(events(v, "pacer.agents.held"))
          .anySatisfy(
              e ->
                  assertThat(e.data().get("reason").toString())
                      .contains("scale-up cooldown until " + scaledAt.plus(up)));
      runUntil(v, scaledAt.plus(up).plus(CYCLE));
      assertThat(v.aws.desiredChanges()).hasSize(2);
    }
  }

  @Test
  void aRestartInsideAScaleDownCooldownKeepsIt() {
    Duration down = Duration.ofMinutes(10);
    try (VirtualPool v = new VirtualPool(Duration.ZERO, down, 2, 10, 5)) {
      v.advance(VirtualPool.BOOT);
      v.cycle(); // five idle agents: one is drained (max-down 1)
      assertThat(events(v, "pacer.agents.draining")).hasSize(1);
      v.advance(CYCLE);
      v.cycle(); // the empty agent is downed and terminated
      assertThat(events(v, "pacer.agents.terminated")).hasSize(1);
      Instant terminatedAt = events(v, "pacer.agents.terminated").get(0).time();
      v.restart();
      runUntil(v, terminatedAt.plus(down).minusSeconds(1));
      assertThat(events(v, "pacer.agents.draining"))
          .as("no second drain inside the cooldown the restart forgot: %s", v.actions)
          .hasSize(1);
      runUntil(v, terminatedAt.plus(down).plus(CYCLE));
      assertThat(events(v, "pacer.agents.draining")).hasSize(2);
    }
  }
}

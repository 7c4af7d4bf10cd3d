package dev.pacer.agentscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseFile;
import dev.pacer.testkit.aws.AutoScalingSimulator;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent-scaler in a Pacer process against the Mesos master and AWS Auto Scaling simulators: new
 * instances register as Mesos agents with {@code pool:scaling} and their {@code instance_id} when
 * the test says so, as a booting machine would.
 */
class AgentScalerIT extends AgentScalerITBase {
  static final String POOLS =
      "{ scaling { attribute = \"pool:scaling\", group = scaling, min-agents = 2,"
          + " max-agents = 10, scale-up-cooldown = 0s },"
          + " stable { attribute = \"pool:stable\" } }";
  final List<AutoScalingSimulator.Instance> booting = new CopyOnWriteArrayList<>();

  void start() {
    start(Map.of());
  }

  void start(Map<String, String> extra) {
    startPacer(POOLS, extra);
  }

  /** 4 scaling agents at 7 of 8 cpus (12.5 % free) and 2 stable agents full. */
  void loadedCluster() {
    aws.onLaunch(i -> register(i));
    aws.createGroup("scaling", 2, 10, 4, true);
    for (int i = 1; i <= 4; i++) {
      mesos.addTask("ip-10-0-1-" + i, "web.t" + i, 7, 1_000, 100);
    }
    for (int i = 1; i <= 2; i++) {
      mesos.addAgent("stable-" + i, "10.0.2." + i, Map.of("pool", "stable"), 8, 32_000, 100_000);
      mesos.addTask("stable-" + i, "db.t" + i, 8, 30_000, 100);
    }
    aws.onLaunch(booting::add); // from now on, instances boot until the test registers them
  }

  @Test
  void loadAbove80PercentScalesUpAndTheHeadroomIsBackOnceTheNewAgentRegisters() throws Exception {
    loadedCluster();
    start();
    await().atMost(WAIT).until(() -> aws.desired("scaling") == 5);
    assertThat(booting).hasSize(1);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(actions)
                    .filteredOn(e -> e.type().equals("pacer.agents.scaled_up"))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.subject()).isEqualTo("scaling");
                          assertThat(e.data()).containsEntry("from", 4).containsEntry("to", 5);
                          assertThat((String) e.data().get("reason")).contains("free cpus 13 %");
                        }));
    // while it boots, the pool waits for it instead of adding more
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(pool("scaling").getString("reason"))
                    .contains("not registered in Mesos yet"));
    register(booting.get(0));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject s = pool("scaling");
              assertThat(s.getJsonObject("free").getDouble("cpus")).isEqualTo(12.0);
              assertThat(s.getString("reason")).contains("free cpus 30 %");
              assertThat(s.getString("decision")).isEqualTo("Hold");
            });
    assertThat(aws.desired("scaling")).isEqualTo(5);
    assertThat(aws.calls()).filteredOn(c -> c.startsWith("SetDesiredCapacity")).hasSize(1);
    assertThat(aws.terminated()).isEmpty();

    // the stable pool is full too, but it has no group: observed and reported, never changed
    JsonObject stable = pool("stable");
    assertThat(stable.getString("action")).startsWith("observed only");
    assertThat(stable.getString("decision")).isEqualTo("ScaleUp");
    assertThat(stable.getInteger("agents")).isEqualTo(2);
    assertThat(mesos.requests()).noneMatch(r -> r.startsWith("POST"));
    assertThat(actions).noneMatch(e -> e.subject().equals("stable"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void fortyPercentOfTheGroupUnregisteredMeansNoActionAndTheReasonInStatus() throws Exception {
    // past their registration grace at once: they are missing, not booting
    aws.onLaunch(
        i -> {
          if (host < 3) {
            register(i);
          } else {
            booting.add(i);
          }
        });
    aws.createGroup("scaling", 2, 10, 5, true);
    for (int i = 1; i <= 3; i++) {
      mesos.addTask("ip-10-0-1-" + i, "web.t" + i, 8, 1_000, 100);
    }
    start(Map.of("pacer.agent-scaler.registration-grace", "0s"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject s = pool("scaling");
              assertThat(s.getString("reason"))
                  .contains("2 of 5 instances of the group are not in Mesos (40 %");
              assertThat(s.getJsonArray("orphans")).hasSize(2);
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(actions)
                    .filteredOn(e -> e.type().equals("pacer.agents.held"))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.data()).containsEntry("hold", "missing");
                          // its inputs, for the journal: who is missing among how many
                          assertThat((java.util.Map<String, Object>) e.data().get("inputs"))
                              .containsEntry("members", 5)
                              .containsEntry("missing", 2)
                              .containsEntry("serving", 3);
                        }));
    assertThat(aws.calls())
        .noneMatch(c -> c.startsWith("SetDesiredCapacity") || c.startsWith("Terminate"));
    assertThat(aws.desired("scaling")).isEqualTo(5);
  }

  @Test
  void aPausedPoolHoldsItsScaleUpWithThePauseAsTheReason(@TempDir Path stateDir) throws Exception {
    Instant now = Instant.now();
    // a runbook's `pacer pause --pool scaling`, in place before Pacer starts (state-dir)
    new PauseFile(stateDir)
        .write(
            List.of(
                new Pause(
                    "pool:scaling", now, now.plus(Duration.ofHours(1)), "incident 7", "ops")));
    loadedCluster();
    start(Map.of("pacer.state-dir", stateDir.toString()));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(actions)
                    .filteredOn(e -> e.type().equals("pacer.agents.held"))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.data()).containsEntry("hold", "paused");
                          assertThat((String) e.data().get("reason")).contains("incident 7");
                        }));
    assertThat(pool("scaling").getString("action")).isEqualTo("held: paused");
    assertThat(aws.calls()).noneMatch(c -> c.startsWith("SetDesiredCapacity"));
    assertThat(aws.desired("scaling")).isEqualTo(4);
  }

  @Test
  void tasksMarathonWaitsToPlaceCountAsDemand() throws Exception {
    aws.onLaunch(i -> register(i));
    aws.createGroup("scaling", 2, 10, 4, true);
    for (int i = 1; i <= 4; i++) {
      mesos.addTask("ip-10-0-1-" + i, "web.t" + i, 5, 1_000, 100); // 20 of 32 cpus: 37.5 % free
    }
    aws.onLaunch(booting::add);
    marathon.seedApp(
        dev.pacer.testkit.marathon.AppDefinitions.docker(
                "/batch", "acme/batch:1", 0, new JsonObject())
            .put("cpus", 2.0));
    marathon.queue("/batch", 5); // 10 more cpus: 30 of 32 -> 5 agents
    start();
    await().atMost(WAIT).until(() -> aws.desired("scaling") == 5);
    assertThat(pool("scaling").getString("decision")).isNotEqualTo("ScaleIn");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(actions)
                    .filteredOn(e -> e.type().equals("pacer.agents.scaled_up"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.data()).containsEntry("to", 5)));
  }
}

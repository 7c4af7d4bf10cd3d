package dev.pacer.agentscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.marathon.AppDefinitions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Scale-in end to end on the Mesos, Marathon and AWS simulators: Marathon's task kills move tasks
 * to another agent in Mesos (the bridge below), as Marathon relaunching them on an offer would.
 */
class DrainIT extends AgentScalerITBase {
  final List<String> instanceIds = new ArrayList<>();
  final AtomicBoolean marathonMovesTasks = new AtomicBoolean(true);

  /**
   * 4 scaling agents; /web's 4 tasks one on each (1 cpu), a 2-cpu batch task on agent 1 and a
   * 0.5-cpu one on agent 4: agent 3 is the least used agent that is not protected (agent 2 is).
   */
  void cluster() {
    aws.onLaunch(
        i -> {
          instanceIds.add(i.id());
          register(i);
        });
    aws.createGroup("scaling", 1, 10, 4, true);
    marathon.seedApp(
        AppDefinitions.docker("/web", "acme/web:1", 4, new JsonObject())
            .put(
                "upgradeStrategy",
                new JsonObject().put("minimumHealthCapacity", 0.5).put("maximumOverCapacity", 0)));
    var tasks = marathon.tasks("/web");
    for (int i = 0; i < 4; i++) {
      mesos.addTask("ip-10-0-1-" + (i + 1), tasks.getJsonObject(i).getString("id"), 1, 128, 0);
    }
    mesos.addTask("ip-10-0-1-1", "batch.a", 2, 128, 0);
    mesos.addTask("ip-10-0-1-4", "batch.b", 0.5, 128, 0);
    marathon.onTaskMoved(
        (killed, next) -> {
          if (marathonMovesTasks.get()) {
            mesos.removeTask(killed.getString("id"));
            mesos.addTask("ip-10-0-1-1", next.getString("id"), 1, 128, 0);
          }
        });
  }

  void start() {
    start("5m", false);
  }

  void start(String hardCap, boolean dryRun) {
    startPacer(
        "{ scaling { attribute = \"pool:scaling\", group = scaling, min-agents = 3,"
            + " max-agents = 10, scale-down-cooldown = 0s, drain-hard-cap = "
            + hardCap
            + ", protected = [\"ip-10-0-1-2\"] } }",
        Map.of("pacer.agent-scaler.dry-run", String.valueOf(dryRun)));
  }

  List<String> types() {
    return actions.stream().map(e -> e.type() + " " + e.data().get("instance-id")).toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void whenLoadFallsTheLeastUsedUnprotectedAgentIsDrainedThenExactlyItsInstanceTerminated() {
    cluster();
    String victim = instanceIds.get(2);
    String victimTask = mesos.tasksOn("ip-10-0-1-3").get(0);
    start();
    await().atMost(WAIT).until(() -> aws.terminated().contains(victim));
    assertThat(aws.terminated()).containsExactly(victim);
    assertThat(aws.desired("scaling")).isEqualTo(3);
    // its task was moved through Marathon, which launched a replacement elsewhere
    assertThat(marathon.requests("POST", "/v2/tasks/delete"))
        .anySatisfy(
            r -> {
              assertThat(r.query()).isEqualTo("scale=false");
              assertThat(r.jsonBody().getJsonArray("ids")).contains(victimTask);
            });
    // agent 1 had its /web task and batch.a; now also the replacement of the victim's task
    assertThat(mesos.tasksOn("ip-10-0-1-1")).hasSize(3).doesNotContain(victimTask);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(mesos.schedule().encode()).isEqualTo("{}");
              assertThat(mesos.downMachines()).isEmpty();
              assertThat(types())
                  .containsSubsequence(
                      "pacer.agents.draining " + victim, "pacer.agents.terminated " + victim);
            });
    assertThat(mesos.agentHostnames()).containsExactly("ip-10-0-1-1", "ip-10-0-1-2", "ip-10-0-1-4");
    // the drain's event says why: the pool's free fractions and each candidate considered
    PacerEvent draining =
        actions.stream().filter(e -> e.type().equals("pacer.agents.draining")).findFirst().get();
    assertThat(draining.data().get("reason").toString()).startsWith("free cpus ");
    Map<String, Object> inputs = (Map<String, Object>) draining.data().get("inputs");
    assertThat(inputs).containsKeys("free-cpus", "free-mem", "free-disk", "demand-cpus");
    assertThat(inputs.get("target-free")).isEqualTo(0.2);
    assertThat((List<Map<String, Object>>) inputs.get("considered"))
        .first()
        .satisfies(
            c -> {
              assertThat(c).containsEntry("instance-id", victim).containsEntry("chosen", true);
              assertThat(c.get("why").toString()).isNotBlank();
            });
    assertThat(aws.calls()).noneMatch(c -> c.startsWith("SetDesiredCapacity"));
  }

  @Test
  void aRestartMidDrainResumesItAndNothingIsTerminatedTwice() {
    cluster();
    String victim = instanceIds.get(2);
    marathonMovesTasks.set(false); // Marathon kills, but the task does not leave: the drain waits
    start();
    await().atMost(WAIT).until(() -> mesos.schedule().encode().contains("ip-10-0-1-3"));
    await().atMost(WAIT).until(() -> !marathon.requests("POST", "/v2/tasks/delete").isEmpty());
    pacer.close();
    pacer = null;
    assertThat(aws.terminated()).isEmpty();

    marathonMovesTasks.set(true);
    // what the first process asked of Marathon, done now
    mesos
        .tasksOn("ip-10-0-1-3")
        .forEach(
            t -> {
              if (t.startsWith("web.")) {
                mesos.removeTask(t);
                mesos.addTask("ip-10-0-1-1", "web.moved-" + t.substring(4), 1, 128, 0);
              }
            });
    start();
    await().atMost(WAIT).until(() -> aws.terminated().contains(victim));
    await().atMost(WAIT).until(() -> mesos.schedule().isEmpty());
    assertThat(aws.terminated()).containsExactly(victim);
    assertThat(aws.desired("scaling")).isEqualTo(3);
    // the second process found the drain in the schedule: it did not start another
    assertThat(mesos.requests())
        .filteredOn(r -> r.startsWith("POST /master/maintenance/schedule"))
        .hasSize(1);
  }

  @Test
  void aTaskThatWillNotMoveIsLeftBehindOnlyAfterTheHardCap() {
    cluster();
    String victim = instanceIds.get(2);
    marathonMovesTasks.set(false);
    start("2s", false);
    await().atMost(WAIT).until(() -> aws.terminated().contains(victim));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(actions)
                    .filteredOn(e -> e.type().equals("pacer.agents.terminated"))
                    .singleElement()
                    .satisfies(
                        e ->
                            assertThat((String) e.data().get("reason"))
                                .contains("drain hard cap PT2S passed")));
    // it was asked to move, more than once, before the cap ran out
    assertThat(marathon.requests("POST", "/v2/tasks/delete")).hasSizeGreaterThan(1);
    await().atMost(WAIT).until(() -> mesos.schedule().isEmpty());
  }

  @Test
  void aDryRunSaysWhatItWouldDrainAndChangesNothing() {
    cluster();
    String victim = instanceIds.get(2);
    start("5m", true);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(actions)
                    .filteredOn(e -> e.type().equals("pacer.agents.dry_run"))
                    .first()
                    .satisfies(
                        e -> assertThat(e.data().get("victims")).isEqualTo(List.of(victim))));
    assertThat(mesos.requests()).noneMatch(r -> r.startsWith("POST"));
    // reads only: the group and its activities
    assertThat(aws.calls())
        .allMatch(
            c ->
                c.equals("DescribeAutoScalingGroups ok")
                    || c.equals("DescribeScalingActivities ok"));
    assertThat(marathon.requests("POST", "/v2/tasks/delete")).isEmpty();
  }

  @Test
  void aHandDrainOfAnyAgentIsFinishedLikeAScaleInAndAWrongAgentIsRefused() throws Exception {
    cluster();
    // min-agents 4: the planner itself would drain nothing
    String chosen = instanceIds.get(2);
    String task = mesos.tasksOn("ip-10-0-1-3").get(0);
    startPacer(
        "{ scaling { attribute = \"pool:scaling\", group = scaling, min-agents = 4,"
            + " max-agents = 10, scale-down-cooldown = 0s, scale-up-cooldown = 0s } }",
        Map.of("pacer.admin.token", "t"));
    java.net.http.HttpResponse<String> nope =
        handDrain("{\"pool\":\"scaling\",\"agent\":\"ip-10-9-9-9\"}");
    assertThat(nope.statusCode()).isEqualTo(404);
    assertThat(nope.body()).contains("no agent ip-10-9-9-9 in pool scaling");
    assertThat(handDrain("{\"pool\":\"gpu\",\"agent\":\"ip-10-0-1-3\"}").statusCode())
        .isEqualTo(404);

    java.net.http.HttpResponse<String> ok =
        handDrain("{\"pool\":\"scaling\",\"agent\":\"ip-10-0-1-3\",\"who\":\"ops\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getString("instance-id")).isEqualTo(chosen);
    await().atMost(WAIT).until(() -> aws.terminated().contains(chosen));
    assertThat(aws.terminated()).containsExactly(chosen);
    assertThat(mesos.tasksOn("ip-10-0-1-1")).as("its task moved").doesNotContain(task).hasSize(3);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(mesos.schedule().encode()).isEqualTo("{}");
              assertThat(types()).contains("pacer.agents.terminated " + chosen);
            });
  }

  java.net.http.HttpResponse<String> handDrain(String body) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + pacer.port() + "/agents/drain"))
                .header("Authorization", "Bearer t")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }
}

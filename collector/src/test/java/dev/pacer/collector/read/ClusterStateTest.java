package dev.pacer.collector.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.collector.plan.MarathonTask;
import dev.pacer.collector.plan.PoolUsage;
import dev.pacer.testkit.Contracts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The master's state as the collector reads it, from the contract's verbatim fixture. */
class ClusterStateTest {
  @Test
  void marathonsLiveTasksTheAgentsAddressesAndThePoolsAllocation() throws Exception {
    JsonObject state =
        new JsonObject(Contracts.text("mesos/master-state.marathon-fixture.v0.28.json"));
    JsonObject agent = state.getJsonArray("slaves").getJsonObject(0);
    agent.put("attributes", new JsonObject().put("pool", "scaling").put("rack", 2.0));
    String agentId = agent.getString("id");
    JsonArray tasks =
        new JsonArray()
            .add(task("shop_web.instance-a._app.1", agentId, "TASK_RUNNING", ""))
            .add(task("shop_web.instance-b._app.1", agentId, "TASK_FINISHED", ""))
            .add(task("pod_x.instance-c.main.1", agentId, "TASK_RUNNING", "instance-c"))
            .add(task("nodelimiter", agentId, "TASK_RUNNING", ""));
    // another framework's task (a batch scheduler) and Marathon's, whose name comes last
    state.put(
        "frameworks",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("id", "fw-chronos")
                    .put("tasks", new JsonArray().add(task("job_1.x", agentId, "TASK_RUNNING", "")))
                    .put("name", "chronos"))
            .add(
                new JsonObject()
                    .put("id", "fw-marathon")
                    .put("tasks", tasks)
                    .put("name", "marathon")));
    ClusterState c =
        ClusterState.parse(state.encode().getBytes(StandardCharsets.UTF_8), "marathon", "pool");
    assertThat(c.frameworkId()).isEqualTo("fw-marathon");
    assertThat(c.tasks())
        .containsExactly(
            new MarathonTask(
                "shop_web.instance-a._app.1", "/shop/web", agentId, "shop_web.instance-a._app.1"),
            new MarathonTask("pod_x.instance-c.main.1", "/pod/x", agentId, "instance-c"));
    String pid = agent.getString("pid");
    assertThat(c.agents())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.baseUrl()).isEqualTo("http://" + pid.substring(pid.indexOf('@') + 1)));
    JsonObject total = agent.getJsonObject("resources");
    JsonObject used = agent.getJsonObject("used_resources");
    assertThat(c.pools())
        .containsExactly(
            new PoolUsage(
                "scaling",
                total.getDouble("cpus"),
                used.getDouble("cpus"),
                total.getDouble("mem"),
                used.getDouble("mem")));
  }

  @Test
  void absentListsAreEmpty() throws Exception {
    ClusterState c =
        ClusterState.parse(
            "{\"version\":\"1.7.1\"}".getBytes(StandardCharsets.UTF_8), "marathon", "pool");
    assertThat(c.tasks()).isEmpty();
    assertThat(c.agents()).isEmpty();
    assertThat(c.pools()).isEmpty();
    assertThat(c.frameworkId()).isEmpty();
  }

  private static JsonObject task(String id, String agent, String state, String executor) {
    return new JsonObject()
        .put("id", id)
        .put("name", id)
        .put("framework_id", "fw-marathon")
        .put("executor_id", executor)
        .put("slave_id", agent)
        .put("state", state)
        .put("resources", new JsonObject().put("cpus", 1).put("mem", 128))
        .put("statuses", new JsonArray());
  }
}

package dev.pacer.testkit.mesos;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.Contracts;
import dev.pacer.testkit.ManualClock;
import dev.pacer.testkit.OverHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The agent simulator's {@code /state} and {@code /files/read} held to the contract (contracts §5,
 * "Finding a task's sandbox" and "Agent GET /files/read").
 */
class AgentSandboxesTest extends OverHttp {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T10:00:00Z"));

  private HttpResponse<Buffer> get(MesosAgentSimulator agent, String path) {
    return result(http.get(agent.agentPort(), "127.0.0.1", path).send());
  }

  private static String read(String path, String query) {
    return "/files/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8) + query;
  }

  @Test
  void stateListsTheExecutorWithItsSandboxDirectoryShapedAsARealAgentsState() {
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, clock));
    agent.registeredAs("S7", "ip-a");
    agent.sandbox("web.1", "fw-1");
    agent.sandbox("web.2", "fw-1");
    agent.ended("web.2", "TASK_FAILED");

    JsonObject state = get(agent, "/state").bodyAsJsonObject();

    JsonObject real = new JsonObject(Contracts.text("mesos/agent-state.datadog-fixture.json"));
    JsonObject realExecutor =
        real.getJsonArray("frameworks").getJsonObject(0).getJsonArray("executors").getJsonObject(0);
    JsonObject fw = state.getJsonArray("frameworks").getJsonObject(0);
    JsonObject live = fw.getJsonArray("executors").getJsonObject(0);
    JsonObject done = fw.getJsonArray("completed_executors").getJsonObject(0);
    assertThat(realExecutor.fieldNames()).containsAll(live.fieldNames());
    assertThat(live.fieldNames()).containsAll(realExecutor.fieldNames());
    assertThat(live.getString("directory"))
        .matches("/var/lib/mesos/slaves/S7/frameworks/fw-1/executors/web\\.1/runs/[0-9a-f-]{36}")
        .endsWith(live.getString("container"));
    assertThat(live.getJsonArray("tasks").getJsonObject(0).getString("state"))
        .isEqualTo("TASK_RUNNING");
    assertThat(done.getString("id")).isEqualTo("web.2");
    assertThat(done.getJsonArray("tasks")).isEmpty();
    assertThat(done.getJsonArray("completed_tasks").getJsonObject(0).getString("state"))
        .isEqualTo("TASK_FAILED");
    assertThat(get(agent, "/slave(1)/state").bodyAsJsonObject()).isEqualTo(state);
  }

  @Test
  void filesReadAnswersAsTheAgentsFilesProcessDoes() {
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, clock));
    agent.registeredAs("S7", "ip-a");
    agent.sandbox("web.1", "fw-1");
    agent.write("web.1", "stderr", "body");
    String dir = agent.sandboxDirectory("web.1");

    // the body the contract's unit test asserts, for a file holding "body"
    assertThat(get(agent, read(dir + "/stderr", "&offset=0")).bodyAsString())
        .isEqualTo(Contracts.text("mesos/agent-files-read.derived.json").strip());
    // no offset, or -1: no data, and the file's size as the offset
    assertThat(get(agent, read(dir + "/stderr", "")).bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("data", "").put("offset", 4));
    assertThat(get(agent, read(dir + "/stderr", "&offset=-1")).bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("data", "").put("offset", 4));
    // the offset is echoed, not advanced; past the end: ""
    assertThat(get(agent, read(dir + "/stderr", "&offset=1&length=2")).bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("data", "od").put("offset", 1));
    assertThat(get(agent, read(dir + "/stderr", "&offset=9")).bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("data", "").put("offset", 9));
    // the virtual path of the latest run names the same file
    assertThat(
            get(agent, read("/frameworks/fw-1/executors/web.1/runs/latest/stderr", "&offset=0"))
                .bodyAsJsonObject()
                .getString("data"))
        .isEqualTo("body");
    // errors: text bodies, 400 or 404
    assertThat(get(agent, "/files/read").statusCode()).isEqualTo(400);
    assertThat(get(agent, read(dir, "&offset=0")).statusCode()).isEqualTo(400);
    assertThat(get(agent, read(dir + "/stderr", "&offset=-2")).statusCode()).isEqualTo(400);
    assertThat(get(agent, read(dir + "/nope", "&offset=0")).statusCode()).isEqualTo(404);
  }

  @Test
  void aReadIsCappedAt64KiB() {
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, clock));
    agent.sandbox("web.1", "fw-1");
    agent.write("web.1", "stdout", "x".repeat(100_000));

    JsonObject r =
        get(agent, read(agent.sandboxDirectory("web.1") + "/stdout", "&offset=0"))
            .bodyAsJsonObject();

    assertThat(r.getString("data")).hasSize(65536);
    assertThat(r.getLong("offset")).isZero();
  }
}

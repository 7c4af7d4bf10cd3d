package dev.pacer.deploy.sandbox;

import static dev.pacer.testkit.Await.failure;
import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.mesos.MesosMaster;
import dev.pacer.testkit.mesos.MesosAgentSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A failed task's logs from the agent simulators, held to the contract (contracts §5). */
class SandboxLogsIT {
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    result(vertx.close());
  }

  @Test
  void theLastLinesOfALargeStderrAreReadBackwardsInCappedChunks() {
    MesosMasterSimulator master = result(MesosMasterSimulator.start(vertx));
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, Clock.systemUTC()));
    String id = master.addAgent("ip-a", "127.0.0.1", agent.agentPort(), Map.of(), 8, 1024, 1024);
    agent.registeredAs(id, "ip-a");
    agent.sandbox("web.1", MesosMasterSimulator.MARATHON_FRAMEWORK_ID);
    StringBuilder err = new StringBuilder();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      String l = "line " + i + " " + "x".repeat(i % 97);
      lines.add(l);
      err.append(l).append('\n');
    }
    agent.write("web.1", "stderr", err.toString()); // about 250 KiB: four capped reads back
    agent.write("web.1", "stdout", "only line");
    agent.ended("web.1", "TASK_FAILED");
    MesosMaster mesos =
        new MesosMaster(vertx, List.of(URI.create(master.url())), Duration.ofSeconds(5));
    SandboxLogs logs = new SandboxLogs(vertx, mesos, Duration.ofSeconds(5));

    SandboxLogs.TaskLogs tail = result(logs.tail(id, "web.1", 50));

    assertThat(tail.files().get("stderr")).isEqualTo(lines.subList(4950, 5000));
    assertThat(tail.files().get("stdout")).containsExactly("only line");
    assertThat(tail.directory()).isEqualTo(agent.sandboxDirectory("web.1"));
    // the size of each file, then one 64 KiB chunk each: 50 lines fit in the last chunk
    assertThat(agent.fileReads()).isEqualTo(4);
    SandboxLogs.TaskLogs all = result(logs.tail(id, "web.1", 5000));
    assertThat(all.files().get("stderr")).hasSize(5000).isEqualTo(lines);
    logs.close();
    mesos.close();
  }

  @Test
  void anUnknownTaskOrAgentSaysWhatWasNotFound() {
    MesosMasterSimulator master = result(MesosMasterSimulator.start(vertx));
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, Clock.systemUTC()));
    String id = master.addAgent("ip-a", "127.0.0.1", agent.agentPort(), Map.of(), 8, 1024, 1024);
    MesosMaster mesos =
        new MesosMaster(vertx, List.of(URI.create(master.url())), Duration.ofSeconds(5));
    SandboxLogs logs = new SandboxLogs(vertx, mesos, Duration.ofSeconds(5));

    assertThat(failure(logs.tail(id, "nope.1", 10)).getMessage())
        .startsWith("task nope.1 has no sandbox in http://127.0.0.1:");
    assertThat(failure(logs.tail("S-gone", "nope.1", 10)).getMessage())
        .isEqualTo("agent S-gone is not in the Mesos master's state");
    logs.close();
    mesos.close();
  }
}

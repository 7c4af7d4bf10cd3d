package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.CrashingTasks;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.mesos.MesosAgentSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testsupport.PacerJar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bin/pacer} line of {@code docs/runbooks/deploy.md}, run as written (from the
 * checkout, on the sample config repository {@code conf/apps}), against the real registry and the
 * Marathon and Mesos simulators: each exits 0 and does what the runbook says.
 */
class DeployRunbookIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;
  DockerRegistry registry;

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.close();
    }
    result(vertx.close());
  }

  @Test
  void theDeployRunbooksCommandsWorkAsWritten() throws Exception {
    registry = DockerRegistry.start();
    registry.push("shop/web", "1.4.2");
    registry.push("shop/worker", "master-118");
    registry.push("shop/worker", "master-119");
    MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    marathon.deploymentDuration(Duration.ofMillis(200));
    MesosMasterSimulator master = result(MesosMasterSimulator.start(vertx));
    MesosAgentSimulator agent = result(MesosAgentSimulator.start(vertx, Clock.systemUTC()));
    String agentId =
        master.addAgent("ip-a", "127.0.0.1", agent.agentPort(), Map.of(), 8, 16384, 100000);
    agent.registeredAs(agentId, "ip-a");
    marathon.placeTasksOn(List.of(new CrashingTasks.Agent(agentId, "ip-a")));
    // /shop/web runs, scaled by the autoscaler to 5; /shop/worker runs the autodeployer's image
    marathon.seedApp(
        AppDefinitions.docker(
            "/shop/web", "registry.example.com/shop/web:1.4.1", 5, new JsonObject()));
    marathon.seedApp(
        AppDefinitions.docker(
            "/shop/worker", "registry.example.com/shop/worker:master-120", 2, new JsonObject()));
    Path conf = dir.resolve("pacer.conf");
    Files.writeString(
        conf,
        "pacer.marathon.urls = [\""
            + marathon.url()
            + "\"]\npacer.mesos.urls = [\""
            + master.url()
            + "\"]\npacer.autodeployer.registry.url = \""
            + registry.url()
            + "\"\n");

    List<String> commands = RunbookCommandsIT.commands("deploy.md");
    assertThat(commands)
        .as("the runbook's commands")
        .contains(
            "bin/pacer validate conf/apps",
            "bin/pacer diff conf/apps/web.conf",
            "bin/pacer deploy conf/apps/web.conf --yes",
            "bin/pacer exec /shop/web --print -- sh");
    for (String c : commands) {
      if (c.startsWith("bin/pacer exec")) {
        // the running task's sandbox, as the agent that runs it has it
        for (Object t : marathon.tasks("/shop/web")) {
          String task = ((JsonObject) t).getString("id");
          if (agent.sandboxDirectory(task) == null) {
            agent.sandbox(task, MesosMasterSimulator.MARATHON_FRAMEWORK_ID);
          }
        }
      }
      ProcessBuilder pb =
          PacerJar.withJvmOptions(new ProcessBuilder("bash", "-c", c))
              .directory(ROOT.toFile())
              .redirectErrorStream(true);
      pb.environment().put("PACER_CONFIG", conf.toString());
      // bin/pacer would train its class-data-sharing archive at the first command (seconds; the
      // archive only makes starts faster, which bin/bench deploy measures)
      pb.environment().put("PACER_CDS", "off");
      Process p = pb.start();
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(c).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(c + "\n" + out).isZero();
      if (c.startsWith("bin/pacer diff")) {
        assertThat(out)
            .contains("~ container.docker.image: \"registry.example.com/shop/web:1.4.1\"")
            .contains("instances: 5, kept: the app is autoscaled");
      }
      if (c.startsWith("bin/pacer exec")) {
        assertThat(out.strip())
            .startsWith("docker -H tcp://ip-a:2375 exec -i mesos-")
            .endsWith(" sh");
      }
    }
    // what the deploys did
    JsonObject web = marathon.storedApp("/shop/web");
    assertThat(web.getInteger("instances")).isEqualTo(5);
    assertThat(web.getJsonObject("labels").getString("slack.channel")).isEqualTo("#shop-deploys");
    assertThat(marathon.storedApp("/staging/shop/web").getInteger("instances")).isEqualTo(1);
    assertThat(
            marathon
                .storedApp("/shop/worker")
                .getJsonObject("container")
                .getJsonObject("docker")
                .getString("image"))
        .isEqualTo("registry.example.com/shop/worker:master-119");
  }
}

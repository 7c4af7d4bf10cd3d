package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.RequiredPackage;
import dev.pacer.testsupport.PacerJar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pacer deploy} on a real terminal: run in a tmux pane, its screen read with {@code
 * capture-pane}. On a terminal it asks before applying, and the deployment's progress is one line
 * redrawn in place, not a line per change.
 */
class DeployTerminalIT {
  final Vertx vertx = Vertx.vertx();
  final String socket = "pacer-" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    tmux("kill-server");
    result(vertx.close());
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(RequiredPackage.require("tmux", "tmux").toString()));
    cmd.addAll(List.of("-L", socket));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private String screen() throws Exception {
    return tmux("capture-pane", "-p", "-t", "deploy");
  }

  @Test
  void onATerminalItAsksThenRedrawsOneProgressLineUntilTheDeploymentSucceeds() throws Exception {
    MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    // in flight until the test has seen it so, then finished
    marathon.deploymentDuration(Duration.ofMinutes(5));
    String group = "t" + UUID.randomUUID().toString().substring(0, 8);
    marathon.seedApp(
        AppDefinitions.docker("/" + group + "/web", "acme/web:1", 3, new JsonObject()));
    Path app = dir.resolve("web.conf");
    Files.writeString(
        app, "id = /" + group + "/web\ninstances = 3\ncontainer.docker.image = \"acme/web:2\"\n");
    String cmd =
        PacerJar.java().stream().collect(Collectors.joining(" "))
            + " -jar "
            + PacerJar.JAR
            + " deploy "
            + app
            + " --no-image-check --marathon "
            + marathon.url()
            + "; echo EXIT=$?; read";

    tmux("new-session", "-d", "-s", "deploy", "-x", "160", "-y", "40", "bash", "-c", cmd);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> screen().contains("Deploy /" + group + "/web? [y/N]"));
    assertThat(screen()).contains("~ container.docker.image: \"acme/web:1\" → \"acme/web:2\"");
    assertThat(marathon.requests("PUT", "/v2/apps/" + group)).isEmpty();
    tmux("send-keys", "-t", "deploy", "y", "Enter");
    // in flight: the progress line, drawn in place
    await().atMost(Duration.ofSeconds(30)).until(() -> screen().contains("0/3 running"));
    marathon.finishDeploymentsNow();
    await().atMost(Duration.ofSeconds(30)).until(() -> screen().contains("EXIT=0"));

    String screen = screen();
    assertThat(screen).contains("deployment_success: /" + group + "/web is deployed");
    // the line was redrawn as the tasks changed (0/3, 1/3, ... running), not printed again
    assertThat(screen.lines().filter(l -> l.startsWith("step 1/1 RestartApplication")))
        .containsExactly("step 1/1 RestartApplication · 0 staged · 3/3 running · 0 failed");
    // and no timestamps: those are for logs, when the output is not a terminal
    assertThat(screen.lines().filter(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*"))).isEmpty();
  }
}

package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testkit.servers.Graphite;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autodeployer and the autoscaler on one app, in one process: a deploy never undoes a scale,
 * since the autodeployer never sends {@code instances}.
 */
class DeploysKeepTheAutoscaledCountIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path stateDir;

  @Test
  void aDeployAfterAScaleKeepsTheScaledCount() {
    Vertx vertx = Vertx.vertx();
    MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    marathon.seedApp(
        AppDefinitions.docker(
            "/both/web",
            "acme/web:master-0",
            2,
            new JsonObject()
                .put("autodeploy", "acme/web:master*")
                .put(
                    "autoscale",
                    "{ minInstances = 2, maxInstances = 4, cooldown = 0, window = 30s,"
                        + " aggregation = last, graphite = { target ="
                        + " \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 } }")));
    try (Graphite graphite = Graphite.start()) {
      long now = Instant.now().getEpochSecond();
      graphite.sendLines(
          "mesos.marathon.both.web.cpu_util 0.9 "
              + (now - 10)
              + "\n"
              + "mesos.marathon.both.web.cpu_util 0.9 "
              + now
              + "\n");
      PacerProcess pacer =
          PacerProcess.prepare(
              ConfigLoader.load(
                  Optional.empty(),
                  Map.of(
                      "pacer.marathon.urls", "[\"" + marathon.url() + "\"]",
                      "pacer.http.host", "127.0.0.1",
                      "pacer.http.port", "0",
                      "pacer.state-dir", stateDir.toString(),
                      "pacer.autodeployer.webhook-token", "hook",
                      "pacer.autoscaler.interval", "300ms",
                      "pacer.autoscaler.graphite.url", graphite.url(),
                      "pacer.agent-scaler.enabled", "false",
                      "pacer.slack-notifier.enabled", "false")),
              Daemons.ALL,
              Clock.systemUTC());
      result(pacer.start());
      try (DockerRegistry registry =
          DockerRegistry.start(
              "http://127.0.0.1:" + pacer.httpPort() + "/registry/events",
              Map.of("Authorization", "Bearer hook"),
              false)) {
        await().atMost(WAIT).until(() -> instances(marathon) == 4);
        registry.push("acme/web", "master-1");
        await().atMost(WAIT).until(() -> image(marathon).endsWith("/acme/web:master-1"));
        await().atMost(WAIT).until(() -> marathon.deploymentIds().isEmpty());
        assertThat(instances(marathon)).isEqualTo(4);
        List<RecordedRequest> puts =
            marathon.requests("PUT", "/v2/apps/both/web").stream()
                .filter(r -> r.path().equals("/v2/apps/both/web"))
                .toList();
        RecordedRequest deploy =
            puts.stream()
                .filter(r -> r.jsonBody().containsKey("container"))
                .findFirst()
                .orElseThrow();
        assertThat(deploy.jsonBody().containsKey("instances")).isFalse();
        assertThat(puts)
            .filteredOn(r -> r.jsonBody().containsKey("instances"))
            .extracting(r -> r.jsonBody().getInteger("instances"))
            .containsExactly(4);
      } finally {
        result(pacer.stop());
      }
    } finally {
      result(vertx.close());
    }
  }

  static int instances(MarathonSimulator m) {
    return m.storedApp("/both/web").getInteger("instances");
  }

  static String image(MarathonSimulator m) {
    return m.storedApp("/both/web")
        .getJsonObject("container")
        .getJsonObject("docker")
        .getString("image");
  }
}

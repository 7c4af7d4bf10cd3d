package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.Ports;
import dev.pacer.testkit.slack.SlackMessageRecord;
import dev.pacer.testkit.slack.SlackSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of Pacer posts nothing already posted: 20 apps holding (Graphite has no data for them)
 * and 2 invalid labels, through two starts on one state-dir. The holds the first cycle finds are
 * not news; each label error is posted once, not once per start.
 */
class QuietSlackIT {
  static final String TOKEN = "admin";
  @TempDir Path stateDir;
  final Vertx vertx = Vertx.vertx();
  final MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
  final SlackSimulator slack = result(SlackSimulator.start(vertx));
  final int deadGraphite = Ports.free();
  PacerProcess pacer;

  @AfterEach
  void close() {
    if (pacer != null) {
      result(pacer.stop());
    }
    result(vertx.close());
  }

  void start() {
    Map<String, String> o = new HashMap<>(Daemons.only("autoscaler"));
    o.put("pacer.slack-notifier.enabled", "true");
    o.put("pacer.marathon.urls", "[\"" + marathon.url() + "\"]");
    o.put("pacer.http.host", "127.0.0.1");
    o.put("pacer.http.port", "0");
    o.put("pacer.state-dir", stateDir.toString());
    o.put("pacer.admin.token", TOKEN);
    o.put("pacer.autoscaler.interval", "200ms");
    o.put("pacer.autoscaler.graphite.url", "http://127.0.0.1:" + deadGraphite);
    o.put("pacer.slack.token", SlackSimulator.TOKEN);
    o.put("pacer.slack.api-url", slack.apiUrl());
    o.put("pacer.slack.default-channel", "#deploys");
    o.put("pacer.slack.min-interval", "10ms");
    o.put("pacer.slack.coalesce-window", "0s");
    pacer =
        PacerProcess.prepare(
            ConfigLoader.load(Optional.empty(), o), Daemons.ALL, Clock.systemUTC());
    result(pacer.start());
  }

  JsonObject status() {
    return result(WebClient.create(vertx).get(pacer.httpPort(), "127.0.0.1", "/status").send())
        .bodyAsJsonObject();
  }

  /** Waits for {@code n} more autoscale cycles, and for Slack's queues to be empty. */
  void awaitCycles(int n) {
    long from = status().getJsonObject("autoscaler").getLong("cycles");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                status().getJsonObject("autoscaler").getLong("cycles") >= from + n
                    && status().getJsonObject("slack-notifier").getJsonObject("channels").stream()
                        .allMatch(c -> ((JsonObject) c.getValue()).getInteger("queued", 0) == 0));
  }

  List<String> posted() {
    return slack.messages().stream().map(SlackMessageRecord::text).toList();
  }

  @Test
  void aRestartWithTwentyAppsHoldingPostsNothing() {
    for (int i = 0; i < 20; i++) {
      marathon.seedApp(
          AppDefinitions.docker(
              "/quiet/app-" + i,
              "acme/app:1",
              2,
              new JsonObject()
                  .put(
                      "autoscale",
                      "{ minInstances = 1, maxInstances = 5, cooldown = 60, window = 30s,"
                          + " graphite = { target = \"app.cpu\", down = 0.3, up = 0.7 } }")));
    }
    for (int i = 0; i < 2; i++) {
      marathon.seedApp(
          AppDefinitions.docker(
              "/quiet/bad-" + i,
              "acme/app:1",
              2,
              new JsonObject().put("autoscale", "{ minInstances = 9, maxInstances = 1 }")));
    }
    start();
    await().atMost(Duration.ofSeconds(30)).until(() -> posted().size() >= 2);
    awaitCycles(3);
    JsonObject states = status().getJsonObject("autoscaler").getJsonObject("app-states");
    assertThat(
            states.stream()
                .filter(e -> ((JsonObject) e.getValue()).getString("hold").equals("no_data")))
        .as("20 apps hold (no data): %s", states)
        .hasSize(20);
    assertThat(status().getJsonObject("autoscaler").getJsonObject("skipped")).hasSize(2);
    List<String> first = posted();
    assertThat(first).as("the two label errors, once each").hasSize(2);
    assertThat(first).allMatch(t -> t.contains("/quiet/bad-"));
    List<String> callsBefore = slack.calls();

    result(pacer.stop());
    start();
    awaitCycles(3);
    assertThat(slack.calls()).as("a restart posts nothing").isEqualTo(callsBefore);

    // Slack is not just silent: a new hold (a pause) is posted. Whatever the restart's first
    // cycle published has been handled long before it, and nothing of it was posted.
    var paused =
        result(
            WebClient.create(vertx)
                .post(pacer.httpPort(), "127.0.0.1", "/pause")
                .putHeader("Authorization", "Bearer " + TOKEN)
                .sendJsonObject(
                    new JsonObject()
                        .put("scope", "/quiet/app-3")
                        .put("for", "10m")
                        .put("reason", "incident 7")
                        .put("who", "ops")));
    assertThat(paused.statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                posted().stream()
                    .anyMatch(t -> t.startsWith("Scaling held for /quiet/app-3 (paused)")));
    List<String> after = posted();
    assertThat(after.subList(0, first.size())).isEqualTo(first);
    assertThat(after.subList(first.size(), after.size()))
        .as("after the restart: the pause and its hold only")
        .isNotEmpty()
        .allMatch(t -> t.contains("/quiet/app-3") && t.toLowerCase().contains("paused"));
  }
}

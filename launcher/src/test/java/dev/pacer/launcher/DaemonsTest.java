package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.servers.Ports;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each daemon reads its enabled flag, starts with its /status part, and stops cleanly. */
class DaemonsTest {

  private static JsonObject status(int port) throws Exception {
    return new JsonObject(
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static PacerProcess process(Map<String, String> extra) {
    Map<String, String> o =
        new HashMap<>(
            Map.of(
                "pacer.http.port",
                "0",
                "pacer.http.host",
                "127.0.0.1",
                "pacer.marathon.urls",
                "[\"http://127.0.0.1:" + Ports.free() + "\"]",
                "pacer.marathon.events.enabled",
                "false",
                "pacer.autodeployer.webhook-token",
                "test-token"));
    o.putAll(extra);
    return PacerProcess.prepare(
        ConfigLoader.load(Optional.empty(), o), Daemons.ALL, Clock.systemUTC());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"autodeployer", "autoscaler", "agent-scaler", "slack-notifier", "collector"})
  void startsAloneShowsItsStatusAndStopsCleanly(String daemon) throws Exception {
    PacerProcess p = process(Daemons.only(daemon));
    assertThat(p.enabledDaemons()).containsExactly(daemon);
    result(p.start());
    try {
      JsonObject s = status(p.httpPort());
      assertThat(s.getJsonObject(daemon).getString("state")).isEqualTo("running");
      switch (daemon) {
        case "autodeployer" -> assertThat(s.getJsonObject(daemon).getInteger("watched")).isZero();
        case "autoscaler" -> assertThat(s.getJsonObject(daemon).getJsonObject("skipped")).isEmpty();
        case "collector" -> {
          // no carbon and no Mesos master here: it says so, and keeps running
          assertThat(s.getJsonObject(daemon).getJsonObject("carbon").getString("carbon"))
              .isEqualTo("127.0.0.1:2003");
          assertThat(s.getJsonObject(daemon).getJsonObject("last-cycle")).isNotNull();
        }
        case "slack-notifier" -> {
          // no token and no webhook: console mode, and no channel used yet
          assertThat(s.getJsonObject(daemon).getString("mode")).isEqualTo("console");
          assertThat(s.getJsonObject(daemon).getJsonObject("channels")).isEmpty();
        }
        default -> {
          // no pools configured: it watches nothing, and says so
          assertThat(s.getJsonObject(daemon).getJsonObject("pools")).isEmpty();
          assertThat(s.getJsonObject(daemon).getString("note")).contains("no pools configured");
        }
      }
      Daemons.ALL.stream()
          .map(DaemonModule::name)
          .filter(n -> !n.equals(daemon))
          .forEach(
              other -> assertThat(s.containsKey(other)).as(other + " is not running").isFalse());
    } finally {
      result(p.stop());
    }
    assertThat(Ports.listening(p.httpPort())).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"autodeployer", "autoscaler", "agent-scaler", "slack-notifier"})
  void aDisabledDaemonDoesNotStart(String daemon) {
    PacerProcess p = process(Map.of("pacer." + daemon + ".enabled", "false"));
    List<String> enabled = p.enabledDaemons();
    assertThat(enabled).doesNotContain(daemon).hasSize(3);
  }
}

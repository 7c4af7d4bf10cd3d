package dev.pacer.common.control;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.servers.KafkaBroker;
import dev.pacer.testkit.servers.Ports;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pause API of a Pacer process, on the local backbone (state-dir) and on Kafka. */
class PauseServiceIT {
  static final String TOKEN = "admin-secret";
  @TempDir Path stateDir;
  final String topicPrefix = "it-" + UUID.randomUUID() + ".";
  final List<PacerProcess> started = new CopyOnWriteArrayList<>();
  final List<PacerEvent> control = new CopyOnWriteArrayList<>();

  PacerProcess start(boolean kafka) {
    Map<String, String> o =
        new HashMap<>(
            Map.of(
                "pacer.http.host", "127.0.0.1",
                "pacer.http.port", "0",
                "pacer.marathon.urls", "[\"http://127.0.0.1:" + Ports.free() + "\"]",
                "pacer.marathon.events.enabled", "false",
                "pacer.admin.token", TOKEN,
                "pacer.admin.max-pause", "2h",
                "pacer.state-dir", stateDir.toString()));
    if (kafka) {
      o.put("pacer.events.backend", "kafka");
      o.put("pacer.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers());
      o.put("pacer.kafka.topic-prefix", topicPrefix);
      o.put("pacer.kafka.group-prefix", "it-" + UUID.randomUUID());
    }
    PacerProcess p =
        PacerProcess.prepare(ConfigLoader.load(Optional.empty(), o), List.of(), Clock.systemUTC());
    result(p.start());
    started.add(p);
    result(
        p.runtime()
            .backbone()
            .subscribe(
                Topics.CONTROL,
                "spy-" + UUID.randomUUID(),
                e -> {
                  control.add(e);
                  return Future.succeededFuture();
                }));
    return p;
  }

  void stop(PacerProcess p) {
    result(p.stop());
    started.remove(p);
  }

  @AfterEach
  void stopAll() {
    started.forEach(p -> result(p.stop()));
  }

  static HttpResponse<String> post(PacerProcess p, String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonArray pauses(PacerProcess p) throws IOException, InterruptedException {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort() + "/status"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return new JsonObject(body).getJsonArray("pauses");
  }

  @Test
  void refusesWithoutTheTokenAndNamesWhatIsWrong() throws Exception {
    PacerProcess p = start(false);
    assertThat(post(p, "/pause", "{\"scope\": \"global\", \"for\": \"1h\"}", null).statusCode())
        .isEqualTo(401);
    HttpResponse<String> noFor = post(p, "/pause", "{\"scope\": \"global\"}", TOKEN);
    assertThat(noFor.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noFor.body()).getString("error")).startsWith("for: required");
    HttpResponse<String> tooLong =
        post(p, "/pause", "{\"scope\": \"global\", \"for\": \"3h\"}", TOKEN);
    assertThat(new JsonObject(tooLong.body()).getString("error"))
        .isEqualTo("for: 3h is longer than the cap of 2h (pacer.admin.max-pause)");
    assertThat(post(p, "/pause", "not json", TOKEN).statusCode()).isEqualTo(400);
    HttpResponse<String> huge =
        post(p, "/pause", "{\"scope\": \"" + "x".repeat(70_000) + "\", \"for\": \"1h\"}", TOKEN);
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(huge.body()).getString("error"))
        .isEqualTo("body over the limit of 65536 bytes (the admin commands' limit)");
    HttpResponse<String> nothing = post(p, "/resume", "{\"scope\": \"/a\"}", TOKEN);
    assertThat(nothing.statusCode()).isEqualTo(404);
    assertThat(pauses(p)).isEmpty();
  }

  @Test
  void aPauseSurvivesARestartFromTheStateDirAndResumeEndsIt() throws Exception {
    PacerProcess p = start(false);
    HttpResponse<String> r =
        post(
            p,
            "/pause",
            "{\"scope\": \"/shop/web\", \"for\": \"1h\", \"reason\": \"incident 7\", \"who\": \"alice\"}",
            TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    // the spy gets the event on its own context, a moment after the answer
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(control)
                    .extracting(PacerEvent::type)
                    .containsExactly(EventTypes.PAUSED));
    stop(p);
    assertThat(stateDir.resolve("pauses.json")).exists();
    PacerProcess again = start(false);
    JsonObject listed = pauses(again).getJsonObject(0);
    assertThat(listed.getString("scope")).isEqualTo("/shop/web");
    assertThat(listed.getString("who")).isEqualTo("alice");
    assertThat(listed.getString("reason")).isEqualTo("incident 7");
    assertThat(listed.getLong("expires-in-seconds")).isBetween(3500L, 3600L);
    assertThat(post(again, "/resume", "{\"scope\": \"/shop/web\"}", TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(pauses(again)).isEmpty();
    stop(again);
    assertThat(pauses(start(false))).isEmpty();
  }

  @Test
  void aPauseExpiresByItselfAndSaysSo() throws Exception {
    PacerProcess p = start(false);
    post(p, "/pause", "{\"scope\": \"global\", \"for\": \"2s\"}", TOKEN);
    assertThat(pauses(p)).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> pauses(p).isEmpty());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> control.stream().anyMatch(e -> e.type().equals(EventTypes.EXPIRED)));
    PacerEvent expired =
        control.stream().filter(e -> e.type().equals(EventTypes.EXPIRED)).findFirst().orElseThrow();
    assertThat(expired.subject()).isEqualTo("global");
  }

  @Test
  void onKafkaAPauseIsReadBackFromTheCompactedTopicByANewProcess() throws Exception {
    PacerProcess p = start(true);
    assertThat(post(p, "/pause", "{\"scope\": \"/a\", \"for\": \"1h\"}", TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(post(p, "/pause", "{\"scope\": \"/b\", \"for\": \"1h\"}", TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(post(p, "/resume", "{\"scope\": \"/b\"}", TOKEN).statusCode()).isEqualTo(200);
    stop(p);
    PacerProcess again = start(true);
    assertThat(pauses(again))
        .extracting(o -> ((JsonObject) o).getString("scope"))
        .containsExactly("/a");
    // and a second process sees a pause the first one sets, live
    PacerProcess other = start(true);
    post(again, "/pause", "{\"scope\": \"global\", \"for\": \"1h\"}", TOKEN);
    await().atMost(Duration.ofSeconds(20)).until(() -> pauses(other).size() == 2);
  }
}

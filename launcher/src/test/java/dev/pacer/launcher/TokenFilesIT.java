package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.marathon.MarathonSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens from files ({@code pacer.admin.token-file}, {@code pacer.autodeployer.webhook-token-file}
 * and {@code -previous-file}), rewritten while Pacer runs: the new token is taken within 5 s, no
 * restart; the old one is refused, or accepted as the previous token while a rotation says so.
 */
class TokenFilesIT {
  @TempDir Path dir;
  Vertx vertx;
  WebClient http;
  MarathonSimulator marathon;
  PacerProcess pacer;
  Path adminToken;
  Path webhookToken;
  Path previousToken;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    adminToken = Files.writeString(dir.resolve("admin-token"), "admin-1\n");
    webhookToken = Files.writeString(dir.resolve("webhook-token"), "hook-1\n");
    previousToken = Files.writeString(dir.resolve("webhook-token-previous"), "hook-0\n");
    Map<String, String> o = new HashMap<>(Daemons.only("autodeployer"));
    o.put("pacer.marathon.urls", "[\"" + marathon.url() + "\"]");
    o.put("pacer.http.host", "127.0.0.1");
    o.put("pacer.http.port", "0");
    o.put("pacer.state-dir", dir.toString());
    o.put("pacer.admin.token-file", adminToken.toString());
    o.put("pacer.autodeployer.webhook-token-file", webhookToken.toString());
    o.put("pacer.autodeployer.webhook-token-previous-file", previousToken.toString());
    pacer =
        PacerProcess.prepare(
            ConfigLoader.load(Optional.empty(), o), Daemons.ALL, Clock.systemUTC());
    result(pacer.start());
  }

  @AfterEach
  void stop() {
    result(pacer.stop());
    result(vertx.close());
  }

  int webhook(String token) {
    return result(
            http.post(pacer.httpPort(), "127.0.0.1", "/registry/events")
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .sendBuffer(Buffer.buffer("{\"events\":[]}")))
        .statusCode();
  }

  int pause(String token) {
    return result(
            http.post(pacer.httpPort(), "127.0.0.1", "/pause")
                .putHeader("Authorization", "Bearer " + token)
                .sendJsonObject(
                    new JsonObject()
                        .put("scope", "global")
                        .put("for", "1m")
                        .put("reason", "token test")
                        .put("who", "it")))
        .statusCode();
  }

  @Test
  void aRewrittenAdminTokenFileIsTakenWithin5sAndTheOldTokenIsRefused() throws Exception {
    assertThat(pause("admin-1")).isEqualTo(200);
    Files.writeString(adminToken, "admin-2\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> pause("admin-2") == 200);
    assertThat(pause("admin-1")).isEqualTo(401);
  }

  @Test
  void aWebhookTokenRotationThroughFilesNeedsNoRestart() throws Exception {
    assertThat(webhook("hook-1")).isEqualTo(200);
    assertThat(webhook("hook-0")).as("the configured previous token").isEqualTo(200);
    assertThat(webhook("nope")).isEqualTo(401);
    // rotation: the old token becomes the previous one, the new one the token
    Files.writeString(previousToken, "hook-1\n");
    Files.writeString(webhookToken, "hook-2\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> webhook("hook-2") == 200);
    assertThat(webhook("hook-1")).as("accepted as previous during the rotation").isEqualTo(200);
    assertThat(webhook("hook-0")).isEqualTo(401);
    // the rotation ends: the previous file holds the new token too, the old one is refused
    Files.writeString(previousToken, "hook-2\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> webhook("hook-1") == 401);
    assertThat(webhook("hook-2")).isEqualTo(200);
  }
}

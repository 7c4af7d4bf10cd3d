package dev.pacer.autodeployer;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The autodeployer end to end on the local (in-process) backbone. */
class AutodeployerLocalIT extends AutodeployerITBase {
  @Override
  Map<String, String> backend() {
    return Map.of("pacer.events.backend", "local");
  }

  @Test
  void duringATokenRotationTheOldTokenIsAcceptedAndCountedAndOthersAreNot() {
    start(
        Map.of("pacer.autodeployer.webhook-token-previous", "old-token"),
        AutodeployerFixture.foo());
    WebClient http = WebClient.create(f.vertx);
    int[] statuses = new int[3];
    String[] tokens = {"old-token", AutodeployerFixture.TOKEN, "older-token"};
    for (int i = 0; i < tokens.length; i++) {
      String body =
          envelope(
              "rot-" + i, f.registry.host(), "acme/other", "t" + i, Instant.now(), "sha256:" + i);
      statuses[i] =
          result(
                  http.post(f.port(), "127.0.0.1", "/registry/events")
                      .bearerTokenAuthentication(tokens[i])
                      .putHeader("Content-Type", "application/json")
                      .sendBuffer(Buffer.buffer(body)))
              .statusCode();
    }
    assertThat(statuses).containsExactly(200, 200, 401);
    String metrics = result(http.get(f.port(), "127.0.0.1", "/metrics").send()).bodyAsString();
    assertThat(metrics)
        .contains("pacer_autodeployer_notifications_previous_token_total 1.0")
        .contains("pacer_autodeployer_notifications_total{result=\"unauthorized\"} 1.0")
        .contains("pacer_autodeployer_notifications_received_total 3.0");
  }
}

package dev.pacer.autodeployer;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.marathon.RecordedRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  /**
   * The stream attaches before the autodeployer first reads Marathon, so its stream_attached needs
   * no second read at start (the apps are fetched once); a reattach later reads them again.
   */
  @Test
  void atStartTheAppsAreReadOnceAfterTheStreamAttachedAndAgainAfterAReattach() {
    start(Map.of(), AutodeployerFixture.foo());
    List<String> seen = requestPaths();
    assertThat(seen).contains("/v2/events", "/v2/apps");
    assertThat(seen.indexOf("/v2/events"))
        .as("the stream is asked for before the apps are read")
        .isLessThan(seen.indexOf("/v2/apps"));

    // A read that the first stream_attached caused would start before the stream is even asked
    // for again (50 ms of backoff later), so it is recorded before the reattach's read.
    f.marathon.dropEventStreams();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<String> now = requestPaths();
              return now.lastIndexOf("/v2/apps") > now.lastIndexOf("/v2/events")
                  && now.stream().filter("/v2/events"::equals).count() >= 2;
            });
    assertThat(requestPaths().stream().filter("/v2/apps"::equals))
        .as("one read at start, one after the reattach")
        .hasSize(2);
  }

  /** The paths of the simulator's requests, in the order they came; a listing is "/v2/apps". */
  private List<String> requestPaths() {
    return f.marathon.requests().stream().map(RecordedRequest::path).toList();
  }
}

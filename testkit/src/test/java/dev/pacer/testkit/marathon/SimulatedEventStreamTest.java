package dev.pacer.testkit.marathon;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.Contracts;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The simulated {@code /v2/events}, read as raw bytes: framing, filters, and the events of
 * deployments.
 */
class SimulatedEventStreamTest extends SimulatorTestSupport {

  /** A /v2/events response: its status and content type, and its text as it arrives. */
  private record Opened(int status, String contentType, StringBuilder text) {}

  private Opened open(String query, String accept) {
    HttpClient client = vertx.createHttpClient();
    StringBuilder sb = new StringBuilder();
    // The body handler goes on in the callback, on the event loop, before any chunk can arrive.
    var resp =
        result(
            client
                .request(
                    new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setPort(sim.port())
                        .setHost("127.0.0.1")
                        .setURI("/v2/events" + query)
                        .putHeader("Accept", accept))
                .compose(r -> r.send())
                .map(
                    r ->
                        r.handler(
                            b -> {
                              synchronized (sb) {
                                sb.append(b.toString(StandardCharsets.UTF_8));
                              }
                            })));
    return new Opened(resp.statusCode(), resp.getHeader("Content-Type"), sb);
  }

  /** Opens /v2/events with the query; the returned builder fills as chunks arrive. */
  private StringBuilder openStream(String query) {
    Opened o = open(query, "text/event-stream");
    assertThat(o.status()).isEqualTo(200);
    await().until(() -> sim.openEventStreams() >= 1);
    return o.text();
  }

  private static String awaitText(StringBuilder sb, String needle) {
    await()
        .until(
            () -> {
              synchronized (sb) {
                return sb.indexOf(needle) >= 0;
              }
            });
    synchronized (sb) {
      return sb.toString();
    }
  }

  private String readStream(String accept, int bytes) {
    Opened o = open("", accept);
    if (o.status() != 200) {
      return String.valueOf(o.status());
    }
    assertThat(o.contentType()).isEqualTo("text/event-stream;charset=UTF-8");
    await()
        .until(
            () -> {
              synchronized (o.text()) {
                return o.text().length() >= bytes;
              }
            });
    synchronized (o.text()) {
      return o.text().toString();
    }
  }

  @Test
  void deploymentEventsReachTheStreamInOrder() {
    sim.seedApp(app("/acme/web", "acme/web:1"));
    StringBuilder sb = openStream("?event_type=deployment_info&event_type=deployment_success");
    String id =
        send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("instances", 3))
            .bodyAsJsonObject()
            .getString("deploymentId");
    String text = awaitText(sb, "event: deployment_success");
    assertThat(text.indexOf("event: deployment_info"))
        .isPositive()
        .isLessThan(text.indexOf("event: deployment_success"));
    assertThat(text)
        .contains("\"plan\":{\"id\":\"" + id + "\"")
        .doesNotContain("event: api_post_event");
  }

  @Test
  void aFailingDeploymentEndsWithStepFailureAndDeploymentFailed() {
    sim.seedApp(app("/acme/web", "acme/web:1"));
    sim.deploymentOutcome(Outcome.FAILURE);
    StringBuilder sb =
        openStream("?event_type=deployment_step_failure&event_type=deployment_failed");
    String id =
        send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("instances", 3))
            .bodyAsJsonObject()
            .getString("deploymentId");
    String text = awaitText(sb, "event: deployment_failed");
    assertThat(text.indexOf("event: deployment_step_failure"))
        .isPositive()
        .isLessThan(text.indexOf("event: deployment_failed"));
    assertThat(text).contains("{\"id\":\"" + id + "\"");
  }

  @Test
  void crashingTasksFailOverAndOverWithoutDeploymentFailedUntilTheDeploymentIsDeleted() {
    sim.seedApp(app("/acme/web", "acme/web:1"));
    java.util.List<JsonObject> launched = new java.util.concurrent.CopyOnWriteArrayList<>();
    sim.crashNextDeployment(
        "/acme/web",
        new CrashingTasks(
            java.util.List.of(
                new CrashingTasks.Agent("S1", "ip-a"), new CrashingTasks.Agent("S2", "ip-b")),
            Duration.ofMillis(20),
            "Command exited with status 1",
            launched::add));
    StringBuilder sb = openStream("?event_type=status_update_event&event_type=deployment_failed");
    JsonObject put =
        send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("cmd", "crash"))
            .bodyAsJsonObject();
    String id = put.getString("deploymentId");
    await().until(() -> launched.size() >= 3);

    String text = awaitText(sb, launched.get(2).getString("id"));
    // each task of the new version: staged, running, failed; placed on the agents in turn
    String first = launched.get(0).getString("id");
    assertThat(text.indexOf("\"taskId\":\"" + first + "\",\"taskStatus\":\"TASK_STAGING\""))
        .isPositive()
        .isLessThan(text.indexOf("\"taskId\":\"" + first + "\",\"taskStatus\":\"TASK_FAILED\""));
    assertThat(text).contains("\"message\":\"Command exited with status 1\"");
    assertThat(launched.get(0).getString("version")).isEqualTo(put.getString("version"));
    assertThat(launched).extracting(t -> t.getString("slaveId")).startsWith("S1", "S2", "S1");
    // Marathon never fails it: it stays in flight, locking the app, and says nothing
    assertThat(text).doesNotContain("event: deployment_failed");
    assertThat(sim.deploymentIds()).containsExactly(id);
    assertThat(
            send(HttpMethod.GET, "/v2/apps/acme/web", null)
                .bodyAsJsonObject()
                .getJsonObject("app")
                .getJsonObject("lastTaskFailure")
                .getString("state"))
        .isEqualTo("TASK_FAILED");

    send(HttpMethod.DELETE, "/v2/deployments/" + id, null);
    assertThat(sim.deploymentIds()).doesNotContain(id);
    // no task is launched for it any more (one may have been on its way)
    int after = launched.size();
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> launched.size() <= after + 1);
  }

  @Test
  void aRejectedLockedRequestStillPublishesGroupChangeFailedAndDeploymentFailed() {
    String holder = webDeploying(3);
    StringBuilder sb = openStream("?event_type=group_change_failed&event_type=deployment_failed");
    assertThat(
            send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("instances", 4))
                .statusCode())
        .isEqualTo(409);
    String text = awaitText(sb, "event: deployment_failed");
    assertThat(text).contains("event: group_change_failed");
    String data = text.substring(text.indexOf("event: deployment_failed"));
    data =
        data.substring(
            data.indexOf("data: ") + 6, data.indexOf("\r\n\r\n", data.indexOf("data: ")));
    JsonObject failed = new JsonObject(data);
    JsonObject contract =
        new JsonObject(
            Contracts.text("marathon/events/deployment_failed_rejected_locked.derived-light.json"));
    assertThat(failed.fieldNames()).isEqualTo(contract.fieldNames());
    assertThat(failed.getString("reason")).isEqualTo(contract.getString("reason"));
    assertThat(failed.getString("id"))
        .as("a plan id that never shows in /v2/deployments")
        .isNotEqualTo(holder)
        .isNotIn(sim.deploymentIds());
  }

  @Test
  void theEventStreamNeedsExactlyTheEventStreamAcceptHeader() {
    assertThat(readStream("text/event-stream, */*", 1)).isEqualTo("405");
    assertThat(readStream("application/json", 1)).isEqualTo("405");
  }

  @Test
  void theEventStreamStartsWithEventStreamAttachedInCrlfFramingAndHeartbeats() {
    String text = readStream("text/event-stream", 200);
    assertThat(text)
        .startsWith(
            "event: event_stream_attached\r\ndata: {\"remoteAddress\":\"127.0.0.1\","
                + "\"eventType\":\"event_stream_attached\",\"timestamp\":\"2026-11-22T10:00:00.000Z\"}\r\n\r\n");
    assertThat(text.substring(text.indexOf("\r\n\r\n") + 4)).startsWith("\r\n");
  }
}

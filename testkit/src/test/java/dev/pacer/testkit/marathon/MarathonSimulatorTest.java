package dev.pacer.testkit.marathon;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.Contracts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulator, spoken to in raw HTTP, behaves as the Marathon contracts say. */
class MarathonSimulatorTest extends SimulatorTestSupport {

  @Test
  void aPutCreatesWith201LocationAndTheDeploymentHeader() {
    HttpResponse<Buffer> r =
        send(HttpMethod.PUT, "/v2/apps/acme/web", app("/acme/web", "acme/web:1"));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.getHeader("Location")).isEqualTo("/v2/apps/acme/web");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.fieldNames())
        .isEqualTo(new JsonObject(Contracts.text("marathon/deployments_result.json")).fieldNames());
    assertThat(r.getHeader("Marathon-Deployment-Id")).isEqualTo(body.getString("deploymentId"));
    // the creation's deployment locks the app until it ends (a timer's millisecond)
    await().until(() -> sim.deploymentIds().isEmpty());
    assertThat(
            send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("instances", 3))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aPartialPutReplacesWholeTopLevelFields() {
    sim.seedApp(app("/acme/web", "acme/web:1"));
    send(
        HttpMethod.PUT,
        "/v2/apps/acme/web",
        new JsonObject().put("labels", new JsonObject().put("c", "3")));
    JsonObject stored = sim.storedApp("/acme/web");
    assertThat(stored.getJsonObject("labels")).isEqualTo(new JsonObject().put("c", "3"));
    assertThat(stored.getInteger("instances")).isEqualTo(2);
    // the label change's deployment locks the app until it ends (a timer's millisecond): a PUT
    // before then is a 409 and changes nothing
    await().until(() -> sim.deploymentIds().isEmpty());
    assertThat(
            send(
                    HttpMethod.PUT,
                    "/v2/apps/acme/web",
                    new JsonObject()
                        .put(
                            "container",
                            new JsonObject()
                                .put("docker", new JsonObject().put("image", "acme/web:2"))))
                .statusCode())
        .isEqualTo(200);
    assertThat(sim.storedApp("/acme/web").getJsonObject("container").containsKey("type"))
        .as("container is replaced whole: type is gone")
        .isFalse();
  }

  @Test
  void partialUpdateFalseReplacesTheWholeDefinition() {
    sim.seedApp(app("/acme/web", "acme/web:1"));
    send(
        HttpMethod.PUT,
        "/v2/apps/acme/web?partialUpdate=false",
        new JsonObject().put("cmd", "sleep 1"));
    JsonObject stored = sim.storedApp("/acme/web");
    assertThat(stored.getInteger("instances")).as("back to the default").isEqualTo(1);
    assertThat(stored.containsKey("container")).isFalse();
  }

  @Test
  void scalingBumpsOnlyLastScalingAtAndAnImageChangeBumpsBoth() {
    sim.seedApp(app("/acme/web", "acme/web:1"));
    String seeded =
        sim.storedApp("/acme/web").getJsonObject("versionInfo").getString("lastConfigChangeAt");
    clock.advance(Duration.ofMinutes(1));
    send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("instances", 4));
    JsonObject vi = sim.storedApp("/acme/web").getJsonObject("versionInfo");
    assertThat(vi.getString("lastScalingAt")).isEqualTo("2026-11-22T10:01:00.000Z");
    assertThat(vi.getString("lastConfigChangeAt")).isEqualTo(seeded);
    clock.advance(Duration.ofMinutes(1));
    JsonObject container = sim.storedApp("/acme/web").getJsonObject("container").copy();
    container.getJsonObject("docker").put("image", "acme/web:2");
    await().until(() -> sim.deploymentIds().isEmpty());
    send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("container", container));
    vi = sim.storedApp("/acme/web").getJsonObject("versionInfo");
    assertThat(vi.getString("lastScalingAt")).isEqualTo("2026-11-22T10:02:00.000Z");
    assertThat(vi.getString("lastConfigChangeAt")).isEqualTo("2026-11-22T10:02:00.000Z");
  }

  @Test
  void aDeploymentInFlightLocksTheAppWithTheContractBodyUnlessForced() {
    String first = webDeploying(3);
    HttpResponse<Buffer> locked =
        send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("instances", 4));
    assertThat(locked.statusCode()).isEqualTo(409);
    JsonObject contract = new JsonObject(Contracts.text("marathon/error_409_app_locked.json"));
    assertThat(locked.bodyAsString()).startsWith("{\"message\":");
    assertThat(locked.bodyAsJsonObject().getString("message"))
        .isEqualTo(contract.getString("message"));
    assertThat(
            locked.bodyAsJsonObject().getJsonArray("deployments").getJsonObject(0).getString("id"))
        .isEqualTo(first);

    HttpResponse<Buffer> forced =
        send(HttpMethod.PUT, "/v2/apps/acme/web?force=true", new JsonObject().put("instances", 4));
    assertThat(forced.statusCode()).isEqualTo(200);
    assertThat(sim.deploymentIds()).doesNotContain(first);
    assertThat(sim.storedApp("/acme/web").getInteger("instances")).isEqualTo(4);
  }

  @Test
  void deletingADeploymentRevertsItAndForceOnlyCancels() {
    String d1 = webDeploying(5);
    HttpResponse<Buffer> revert = send(HttpMethod.DELETE, "/v2/deployments/" + d1, null);
    assertThat(revert.statusCode()).isEqualTo(200);
    String d2 = revert.bodyAsJsonObject().getString("deploymentId");
    assertThat(d2).isNotEqualTo(d1);
    assertThat(sim.storedApp("/acme/web").getInteger("instances")).isEqualTo(2);
    assertThat(sim.deploymentIds()).containsExactly(d2);

    HttpResponse<Buffer> cancel =
        send(HttpMethod.DELETE, "/v2/deployments/" + d2 + "?force=true", null);
    assertThat(cancel.statusCode()).isEqualTo(202);
    assertThat(cancel.body()).isNull();
    assertThat(sim.deploymentIds()).isEmpty();

    HttpResponse<Buffer> unknown =
        send(HttpMethod.DELETE, "/v2/deployments/unknown_deployment", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject())
        .isEqualTo(new JsonObject(Contracts.text("marathon/error_404_deployment_not_found.json")));
  }

  @Test
  void aFailingDeploymentEndsWithDeploymentFailedAndAStuckOneStaysUntilDeleted() {
    sim.seedApp(app("/acme/web", "acme/web:1"));
    sim.deploymentOutcome(Outcome.FAILURE);
    sim.deploymentDuration(Duration.ofMillis(50));
    String failed =
        send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("instances", 3))
            .bodyAsJsonObject()
            .getString("deploymentId");
    await().until(() -> sim.deploymentIds().isEmpty());

    sim.deploymentOutcome(Outcome.STUCK);
    String stuck =
        send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("instances", 4))
            .bodyAsJsonObject()
            .getString("deploymentId");
    assertThat(failed).isNotEqualTo(stuck);
    assertThat(send(HttpMethod.GET, "/v2/deployments", null).bodyAsJsonArray()).hasSize(1);
    assertThat(sim.deploymentIds()).containsExactly(stuck);
    assertThat(
            send(HttpMethod.GET, "/v2/apps/acme/web", null)
                .bodyAsJsonObject()
                .getJsonObject("app")
                .getJsonArray("deployments")
                .getJsonObject(0)
                .getString("id"))
        .isEqualTo(stuck);
    send(HttpMethod.DELETE, "/v2/deployments/" + stuck + "?force=true", null);
    assertThat(sim.deploymentIds()).isEmpty();
  }

  @Test
  void errorsUseTheContractMessages() {
    sim.seedApp(app("/existing_app", "x"));
    assertThat(send(HttpMethod.GET, "/v2/apps/not_existent", null).bodyAsJsonObject())
        .isEqualTo(new JsonObject(Contracts.text("marathon/error_404_app_not_found.json")));
    assertThat(
            send(HttpMethod.POST, "/v2/apps", new JsonObject().put("id", "/existing_app"))
                .bodyAsJsonObject())
        .isEqualTo(new JsonObject(Contracts.text("marathon/error_409_app_exists.json")));
    assertThat(
            send(HttpMethod.PATCH, "/v2/apps/missing", new JsonObject().put("instances", 1))
                .statusCode())
        .isEqualTo(404);
    HttpResponse<Buffer> invalid =
        send(HttpMethod.PUT, "/v2/apps/x", new JsonObject().put("instances", -1));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.bodyAsJsonObject().getString("message")).isEqualTo("Object is not valid");
    HttpResponse<Buffer> badJson =
        result(
            http.request(HttpMethod.PUT, sim.port(), "127.0.0.1", "/v2/apps/x")
                .sendBuffer(Buffer.buffer("{not json")));
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.bodyAsJsonObject().getString("message")).isEqualTo("Invalid JSON");
    assertThat(send(HttpMethod.PUT, "/v2/apps/group/restart", new JsonObject()).statusCode())
        .isEqualTo(422);
  }

  @Test
  void basicAuthAnswersJettys401Page() {
    sim.requireBasicAuth("ops", "pw");
    HttpResponse<Buffer> r = send(HttpMethod.GET, "/v2/apps", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("basic realm=\"Mesosphere\"");
    assertThat(r.bodyAsString()).contains("<html>");
  }
}

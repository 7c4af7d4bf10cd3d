package dev.pacer.common.marathon;

import static dev.pacer.testkit.Await.failure;
import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.Contracts;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebClientMarathonClientTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private Vertx vertx;
  private MarathonSimulator sim;
  private WebClientMarathonClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sim = result(MarathonSimulator.start(vertx, clock));
    sim.seedApp(new JsonObject(Contracts.text("marathon/app.json")));
    sim.seedApp(
        new JsonObject()
            .put("id", "/acme/web")
            .put("instances", 3)
            .put("labels", new JsonObject().put("autodeploy", "acme/web:master*"))
            .put(
                "container",
                new JsonObject()
                    .put("type", "DOCKER")
                    .put("docker", new JsonObject().put("image", "acme/web:master-1"))));
    client = new WebClientMarathonClient(vertx, TestSettings.urls(sim.url()));
  }

  @AfterEach
  void stop() {
    client.close();
    result(vertx.close());
  }

  @Test
  void listsAppsByLabelSelector() {
    List<MarathonApp> apps = result(client.listApps("autodeploy"));
    assertThat(apps).extracting(MarathonApp::id).containsExactly("/acme/web");
    assertThat(sim.requests("GET", "/v2/apps"))
        .last()
        .extracting(RecordedRequest::query)
        .isEqualTo("label=autodeploy");
    assertThat(result(client.listApps("owner==zeus")))
        .extracting(MarathonApp::id)
        .containsExactly("/foo");
  }

  @Test
  void getsOneAppWithVersionInfo() {
    MarathonApp app = result(client.getApp("/acme/web"));
    assertThat(app.instances()).isEqualTo(3);
    assertThat(app.image()).isEqualTo("acme/web:master-1");
    Instant stored = Instant.parse(sim.storedApp("/acme/web").getString("version"));
    assertThat(app.lastConfigChangeAt())
        .isEqualTo(stored)
        .isBetween(clock.instant(), clock.instant().plusMillis(5));
    assertThat(app.lastScalingAt()).isEqualTo(stored);
    assertThat(app.tasksRunning()).isEqualTo(3);
  }

  @Test
  void anImageUpdateSendsTheWholeContainerAndKeepsPortMappingsVolumesAndInstances() {
    JsonObject before = sim.storedApp("/foo");
    DeploymentRef ref =
        result(
            client.updateImage(
                "/foo", "acme/foo:master-2", Map.of("pacer.deployed-by", "pacer"), false));
    assertThat(ref.deploymentId()).isNotBlank();

    RecordedRequest put = sim.requests("PUT", "/v2/apps/foo").get(0);
    assertThat(put.query()).isEqualTo("force=false");
    assertThat(put.jsonBody().fieldNames()).containsExactlyInAnyOrder("container", "labels");
    assertThat(put.jsonBody().containsKey("instances")).isFalse();

    JsonObject after = sim.storedApp("/foo");
    JsonObject expectedContainer = before.getJsonObject("container").copy();
    expectedContainer.getJsonObject("docker").put("image", "acme/foo:master-2");
    assertThat(after.getJsonObject("container")).isEqualTo(expectedContainer);
    assertThat(
            after.getJsonObject("container").getJsonObject("docker").getJsonArray("portMappings"))
        .isEqualTo(
            before.getJsonObject("container").getJsonObject("docker").getJsonArray("portMappings"));
    assertThat(after.getJsonObject("container").getJsonArray("volumes")).hasSize(1);
    assertThat(after.getInteger("instances")).isEqualTo(2);
    assertThat(after.getJsonObject("labels").getMap())
        .containsEntry("owner", "zeus")
        .containsEntry("note", "Away from olympus")
        .containsEntry("pacer.deployed-by", "pacer");
    assertThat(after.getJsonArray("healthChecks")).isEqualTo(before.getJsonArray("healthChecks"));
  }

  @Test
  void aLockedAppYieldsAppLockedWithTheDeploymentIdsAndIsNeverForced() {
    sim.deploymentDuration(Duration.ofMinutes(5));
    DeploymentRef first = result(client.scale("/acme/web", 4, false));
    Throwable t = failure(client.updateImage("/acme/web", "acme/web:master-2", Map.of(), false));
    assertThat(t)
        .isInstanceOfSatisfying(
            MarathonException.AppLocked.class,
            e -> assertThat(e.deploymentIds()).containsExactly(first.deploymentId()));
    assertThat(sim.requests("PUT", "/v2/apps/acme/web"))
        .allSatisfy(r -> assertThat(r.query()).isEqualTo("force=false"));
    assertThat(
            sim.storedApp("/acme/web")
                .getJsonObject("container")
                .getJsonObject("docker")
                .getString("image"))
        .isEqualTo("acme/web:master-1");
  }

  @Test
  void scaleSendsInstancesOnly() {
    result(client.scale("/acme/web", 5, false));
    RecordedRequest put = sim.requests("PUT", "/v2/apps/acme/web").get(0);
    assertThat(put.jsonBody()).isEqualTo(new JsonObject().put("instances", 5));
    assertThat(sim.storedApp("/acme/web").getInteger("instances")).isEqualTo(5);
  }

  @Test
  void listsAndRevertsDeployments() {
    sim.deploymentDuration(Duration.ofMinutes(5));
    DeploymentRef d = result(client.updateImage("/acme/web", "acme/web:master-2", Map.of(), false));
    assertThat(result(client.deployments()))
        .singleElement()
        .satisfies(
            dep -> {
              assertThat(dep.id()).isEqualTo(d.deploymentId());
              assertThat(dep.affectedApps()).containsExactly("/acme/web");
              assertThat(dep.currentActions())
                  .extracting(Deployment.Action::action)
                  .containsExactly("RestartApplication");
            });
    DeploymentRef revert = result(client.revertDeployment(d.deploymentId()));
    assertThat(revert.deploymentId()).isNotEqualTo(d.deploymentId());
    assertThat(
            sim.storedApp("/acme/web")
                .getJsonObject("container")
                .getJsonObject("docker")
                .getString("image"))
        .isEqualTo("acme/web:master-1");
    assertThat(failure(client.revertDeployment("unknown")))
        .isInstanceOf(MarathonException.NotFound.class)
        .hasMessageContaining("DeploymentPlan unknown does not exist");
  }

  @Test
  void appVersionsComeNewestFirst() {
    result(client.scale("/acme/web", 4, false));
    // as on Marathon, the next change waits for the deployment of this one to end (else 409)
    await().until(() -> sim.deploymentIds().isEmpty());
    result(client.scale("/acme/web", 5, false));
    List<String> versions = result(client.appVersions("/acme/web"));
    assertThat(versions).hasSize(3).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void anUnknownAppIsNotFoundAndABadValueIsInvalid() {
    assertThat(failure(client.getApp("/nope")))
        .isInstanceOf(MarathonException.NotFound.class)
        .hasMessageContaining("App '/nope' does not exist");
    assertThat(failure(client.updateImage("/acme/versions", "x", Map.of(), false)))
        .isInstanceOf(MarathonException.NotFound.class);
  }

  @Test
  void idempotentCallsAreRetriedThrough5xxButWritesAreNot() {
    sim.failNext(2, 503);
    assertThat(result(client.getApp("/acme/web")).id()).isEqualTo("/acme/web");
    sim.failNext(1, 503);
    assertThat(failure(client.scale("/acme/web", 4, false)))
        .isInstanceOf(MarathonException.Unavailable.class)
        .hasMessageContaining("503");
    assertThat(sim.storedApp("/acme/web").getInteger("instances")).isEqualTo(3);
  }

  @Test
  void givesUpAsUnavailableAfterTheRetries() {
    sim.failNext(100, 502);
    assertThat(failure(client.getApp("/acme/web")))
        .isInstanceOf(MarathonException.Unavailable.class);
    // 1 try + 2 retries, one URL
    assertThat(sim.requests("GET", "/v2/apps/acme/web")).hasSize(3);
  }

  @Test
  void failsOverToTheNextUrlWhenOneRefusesConnections() {
    WebClientMarathonClient two =
        new WebClientMarathonClient(
            vertx, TestSettings.urls("http://127.0.0.1:" + Ports.free(), sim.url()));
    try {
      assertThat(result(two.getApp("/acme/web")).id()).isEqualTo("/acme/web");
      // even a write moves on: a refused connection means the request was never sent
      result(two.scale("/acme/web", 4, false));
      assertThat(sim.storedApp("/acme/web").getInteger("instances")).isEqualTo(4);
    } finally {
      two.close();
    }
  }

  @Test
  void sendsBasicAuthOrTheDcosTokenAndNamesA401() {
    sim.requireBasicAuth("ops", "s3cret");
    assertThat(failure(client.getApp("/acme/web")))
        .isInstanceOfSatisfying(
            MarathonException.Rejected.class, e -> assertThat(e.status()).isEqualTo(401));
    WebClientMarathonClient authed =
        new WebClientMarathonClient(vertx, TestSettings.auth("ops", "s3cret", "", sim.url()));
    WebClientMarathonClient token =
        new WebClientMarathonClient(vertx, TestSettings.auth("", "", "jwt-abc", sim.url()));
    try {
      assertThat(result(authed.getApp("/acme/web")).id()).isEqualTo("/acme/web");
      result(token.getApp("/acme/web").recover(e -> io.vertx.core.Future.succeededFuture()));
      assertThat(sim.requests().get(sim.requests().size() - 1).header("Authorization"))
          .isEqualTo("token=jwt-abc");
    } finally {
      authed.close();
      token.close();
    }
  }

  @Test
  void pingSucceedsOnlyWhenMarathonAnswers() {
    assertThat(result(client.ping())).isNull();
    sim.failNext(1, 503);
    assertThat(failure(client.ping())).isInstanceOf(MarathonException.Unavailable.class);
  }
}

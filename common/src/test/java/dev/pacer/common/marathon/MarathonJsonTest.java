package dev.pacer.common.marathon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.testkit.Contracts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Marathon contract payload the client touches decodes to the right values. */
class MarathonJsonTest {

  @Test
  void parsesTheAppDefinitionContract() {
    MarathonApp app = MarathonJson.app(new JsonObject(Contracts.text("marathon/app.json")));
    assertThat(app.id()).isEqualTo("/foo");
    assertThat(app.instances()).isEqualTo(2);
    assertThat(app.image()).isEqualTo("mesosphere:marathon/latest");
    assertThat(app.labels())
        .containsEntry("owner", "zeus")
        .containsEntry("note", "Away from olympus");
    assertThat(app.deploymentIds()).isEmpty();
  }

  @Test
  void parsesTheAppListContractWithCountsDeploymentsAndVersionInfo() {
    List<MarathonApp> apps =
        MarathonJson.apps(new JsonObject(Contracts.text("marathon/app_list.json")));
    assertThat(apps).hasSize(1);
    MarathonApp a = apps.get(0);
    assertThat(a.id()).isEqualTo("/myapp");
    assertThat(a.instances()).isEqualTo(3);
    assertThat(a.image()).as("container is null in this payload").isEmpty();
    assertThat(a.deploymentIds()).containsExactly("9538079c-3898-4e32-aa31-799bf9097f74");
    assertThat(a.hasDeploymentInFlight()).isTrue();
    assertThat(a.lastScalingAt()).isEqualTo(Instant.parse("2015-09-25T15:13:48.343Z"));
    assertThat(a.lastConfigChangeAt()).isEqualTo(Instant.parse("2015-09-25T15:13:48.343Z"));
  }

  /** The streaming decoder of /v2/apps builds the same records as decoding the whole body. */
  @Test
  void theStreamingAppListDecoderAgreesWithTheWholeDecodeOnEveryCapture() {
    for (String capture :
        List.of("marathon/app_list.json", "marathon/get_apps_embed_tasks.capture-1.5.json")) {
      String body = Contracts.text(capture);
      List<MarathonApp> streamed =
          AppListDecoder.apps(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(streamed).as(capture).isNotEmpty();
      assertThat(streamed).as(capture).isEqualTo(MarathonJson.apps(new JsonObject(body)));
    }
    // one label's index: the same ids and values as the whole apps give
    String capture = Contracts.text("marathon/get_apps_embed_tasks.capture-1.5.json");
    java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
    MarathonJson.apps(new JsonObject(capture))
        .forEach(
            a -> {
              if (a.labels().containsKey("HAPROXY_GROUP")) {
                expected.put(a.id(), a.labels().get("HAPROXY_GROUP"));
              }
            });
    assertThat(expected).isNotEmpty();
    assertThat(
            AppListDecoder.label(
                capture.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HAPROXY_GROUP"))
        .containsExactlyEntriesOf(expected);
    assertThat(AppListDecoder.label(capture.getBytes(), "no-such-label")).isEmpty();
    assertThatThrownBy(() -> AppListDecoder.label("{}".getBytes(), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AppListDecoder.apps("{\"message\":\"no\"}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected {\"apps\": [...]}, got {\"message\":\"no\"}");
    assertThatThrownBy(() -> AppListDecoder.apps("<html>".getBytes()))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageStartingWith("not JSON");
  }

  @Test
  void parsesTheEmbedTasksCaptureFromMarathon15() {
    List<MarathonApp> apps =
        MarathonJson.apps(
            new JsonObject(Contracts.text("marathon/get_apps_embed_tasks.capture-1.5.json")));
    MarathonApp a = apps.get(0);
    assertThat(a.id()).isEqualTo("/pywebserver");
    assertThat(a.image()).isEqualTo("python:3");
    assertThat(a.tasksRunning()).isEqualTo(1);
    assertThat(a.labels()).containsEntry("HAPROXY_GROUP", "external");
    assertThat(a.lastConfigChangeAt()).isEqualTo(Instant.parse("2017-07-19T17:34:41.967Z"));
  }

  @Test
  void parsesTheGetAppByIdCaptureOnceItsCommentsAreStripped() {
    String body =
        Contracts.httpResponseBody("marathon/get_app_by_id.http.txt")
            .replaceAll("[ \t]//[^\n]*", "");
    MarathonApp a = MarathonJson.app(new JsonObject(body).getJsonObject("app"));
    assertThat(a.id()).isEqualTo("/toggle");
    assertThat(a.instances()).isEqualTo(2);
    assertThat(a.deploymentIds()).containsExactly("44c4ed48-ee53-4e0f-82dc-4df8b2a69057");
  }

  @Test
  void theAppDetailsCarryTheLastTaskFailureAndTheMinimumHealthCapacity() {
    String body =
        Contracts.httpResponseBody("marathon/get_app_by_id.http.txt")
            .replaceAll("[ \t]//[^\n]*", "");
    AppDetails d = MarathonJson.appDetails(new JsonObject(body).getJsonObject("app"));
    assertThat(d.app().id()).isEqualTo("/toggle");
    assertThat(d.minimumHealthCapacity()).isEqualTo(1.0);
    assertThat(d.lastTaskFailure())
        .contains(
            new AppDetails.TaskFailure(
                "TASK_FAILED",
                "10.141.141.10",
                "2014-09-12T23:23:41.711Z",
                "Abnormal executor termination"));
    // an app without either: Marathon's default capacity, no failure
    AppDetails bare = MarathonJson.appDetails(new JsonObject().put("id", "/x"));
    assertThat(bare.minimumHealthCapacity()).isEqualTo(1.0);
    assertThat(bare.lastTaskFailure()).isEmpty();
  }

  @Test
  void theQueueContractGivesEachAppsCountResourcesAndConstraints() {
    List<QueuedApp> q = MarathonJson.queue(new JsonObject(Contracts.text("marathon/queue.json")));
    assertThat(q).isNotEmpty();
    QueuedApp first = q.get(0);
    assertThat(first.appId()).isEqualTo("/tools/datadog-agent");
    assertThat(first.count()).isEqualTo(1);
    assertThat(first.cpus()).isEqualTo(1.0);
    assertThat(first.mem()).isEqualTo(512.0);
    assertThat(first.constraints()).containsExactly(List.of("hostname", "UNIQUE"));
    // Marathon leaves an empty queue's list out
    assertThat(MarathonJson.queue(new JsonObject())).isEmpty();
  }

  @Test
  void anAppVersionIsItsImageLabelsAndWholeDefinitionAsPlainMaps() {
    JsonObject def =
        new JsonObject()
            .put("id", "/web")
            .put("labels", new JsonObject().put("team", "core"))
            .put(
                "container",
                new JsonObject().put("docker", new JsonObject().put("image", "r.io/web:2")))
            .put(
                "constraints",
                new io.vertx.core.json.JsonArray()
                    .add(new io.vertx.core.json.JsonArray().add("pool")));
    AppVersion v = MarathonJson.appVersion("2026-01-01T00:00:00Z", def);
    assertThat(v.image()).isEqualTo("r.io/web:2");
    assertThat(v.labels()).containsExactly(java.util.Map.entry("team", "core"));
    assertThat(v.definition().get("container")).isInstanceOf(java.util.Map.class);
    assertThat(v.definition().get("constraints")).isEqualTo(List.of(List.of("pool")));
  }

  @Test
  void theAppOfAnApiPostEventIsItsIdAndLabels() {
    java.util.Map<String, Object> data =
        java.util.Map.of(
            "appDefinition", java.util.Map.of("id", "/web", "labels", java.util.Map.of("a", "b")));
    assertThat(MarathonJson.postedApp(data, "/other"))
        .contains(new MarathonJson.PostedApp("/web", java.util.Map.of("a", "b")));
    assertThat(MarathonJson.postedApp(java.util.Map.of(), "/web")).isEmpty();
  }

  @Test
  void parsesTheDeploymentsContract() {
    List<Deployment> ds =
        MarathonJson.deployments(new JsonArray(Contracts.text("marathon/deployments.json")));
    assertThat(ds)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).isEqualTo("97c136bf-5a28-4821-9d94-480d9fbb01c8");
              assertThat(d.affectedApps()).containsExactly("/foo");
              assertThat(d.currentActions())
                  .containsExactly(new Deployment.Action("ScaleApplication", "/foo"));
              assertThat(d.totalSteps()).isEqualTo(1);
            });
  }

  @Test
  void parsesTheDeploymentResultContract() {
    DeploymentRef ref =
        MarathonJson.deploymentRef(
            new JsonObject(Contracts.text("marathon/deployments_result.json")), null);
    assertThat(ref)
        .isEqualTo(
            new DeploymentRef("5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43", "2015-09-29T15:59:51.164Z"));
  }

  @Test
  void readsTheDetailsOfTheErrorContracts() {
    assertThat(
            MarathonJson.errorDetails(
                new JsonObject(Contracts.text("marathon/error_400_invalid_json.json"))))
        .containsExactly("/id: [\"error.expected.jsstring\"]");
    assertThat(
            MarathonJson.errorDetails(
                new JsonObject(Contracts.text("marathon/error_422_validation.json"))))
        .containsExactly("/upgradeStrategy/minimumHealthCapacity: [\"is greater than 1\"]");
    assertThat(
            MarathonJson.ids(
                new JsonObject(Contracts.text("marathon/error_409_app_locked.json"))
                    .getJsonArray("deployments")))
        .containsExactly("97c136bf-5a28-4821-9d94-480d9fbb01c8");
  }
}

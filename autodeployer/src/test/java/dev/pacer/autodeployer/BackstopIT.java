package dev.pacer.autodeployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.servers.DockerRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pushes whose notifications were lost (registry restarted, autodeployer down) still deploy. */
class BackstopIT {

  @Test
  void pushesMadeWhileTheAutodeployerWasDownAreDeployedWithinOnePollInterval() {
    try (DockerRegistry lost = DockerRegistry.start()) {
      // pushed before Pacer runs, to a registry that notifies nobody: these notifications are gone
      lost.push("acme/foo-service", "master-2");
      lost.push("acme/foo-service", "master-3");
      lost.push("acme/foo-service", "release-9");
      try (AutodeployerFixture f =
          new AutodeployerFixture(
              Map.of(
                  "pacer.autodeployer.registry.url",
                  lost.url(),
                  "pacer.autodeployer.poll-interval",
                  "1s"),
              AutodeployerFixture.app(
                  "/acme/foo",
                  lost.host() + "/acme/foo-service:master-1",
                  2,
                  "acme/foo-service:master*"))) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> f.image("/acme/foo").endsWith(":master-3"));
        assertThat(f.image("/acme/foo")).isEqualTo(lost.host() + "/acme/foo-service:master-3");
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(f.actions)
                        .anySatisfy(
                            e -> {
                              assertThat(e.type()).isEqualTo("pacer.deploy.started");
                              assertThat(e.data().get("push-source").toString())
                                  .isEqualTo(
                                      "backstop: notification missed; newest of 2 changed tags"
                                          + " (as the polls saw them change, then by image"
                                          + " created time)");
                            }));
        // the next polls find nothing new: one deploy, not one per poll
        String digest =
            f.marathon
                .storedApp("/acme/foo")
                .getJsonObject("labels")
                .getString("pacer.image-digest");
        lost.push("acme/foo-service", "master-4");
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> f.image("/acme/foo").endsWith(":master-4"));
        assertThat(f.puts("/acme/foo")).hasSize(2);
        assertThat(digest).startsWith("sha256:");
      }
    }
  }

  @Test
  void reproducibleBuildsDatedNineteenSeventyAreDeployedWhenATagAppearsOrMoves() {
    try (DockerRegistry lost = DockerRegistry.start()) {
      // Jib, ko and Bazel write created = 1970: no tag is "created after" anything
      String first = lost.pushReproducible("acme/foo-service", "master-1", "build 1");
      String deployedAt = java.time.Instant.now().minusSeconds(3600).toString();
      io.vertx.core.json.JsonObject app =
          AutodeployerFixture.app(
              "/acme/foo",
              lost.host() + "/acme/foo-service:master-1",
              2,
              "acme/foo-service:master*");
      app.getJsonObject("labels")
          .put("pacer.image-digest", first)
          .put("pacer.image-pushed-at", deployedAt);
      try (AutodeployerFixture f =
          new AutodeployerFixture(
              Map.of(
                  "pacer.autodeployer.registry.url",
                  lost.url(),
                  "pacer.autodeployer.poll-interval",
                  "1s"),
              app)) {
        // a poll sees the repository as it is, then a tag appears, its notification lost
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    java.util.regex.Pattern.compile("pacer_autodeployer_backstop_polls_total [1-9]")
                        .matcher(metrics(f))
                        .find());
        String second = lost.pushReproducible("acme/foo-service", "master-2", "build 2");
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> f.image("/acme/foo").endsWith(":master-2"));
        assertThat(
                f.marathon
                    .storedApp("/acme/foo")
                    .getJsonObject("labels")
                    .getString("pacer.image-digest"))
            .isEqualTo(second);
        // then the tag moves to another build, again unannounced
        String third = lost.pushReproducible("acme/foo-service", "master-2", "build 3");
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    third.equals(
                        f.marathon
                            .storedApp("/acme/foo")
                            .getJsonObject("labels")
                            .getString("pacer.image-digest")));
        assertThat(f.puts("/acme/foo")).hasSize(2);
        assertThat(f.actions).noneMatch(e -> e.type().equals("pacer.deploy.failed"));
      }
    }
  }

  static String metrics(AutodeployerFixture f) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + f.port() + "/metrics"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }
}

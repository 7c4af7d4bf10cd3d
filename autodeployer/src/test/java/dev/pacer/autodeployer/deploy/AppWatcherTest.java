package dev.pacer.autodeployer.deploy;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.policy.AppIndex;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testsupport.PacerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The index read from the Marathon simulator, then kept fresh from Marathon's events. */
class AppWatcherTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> reported = new CopyOnWriteArrayList<>();
  private AppWatcher watcher;

  @BeforeEach
  void indexTwoApps() {
    MarathonSimulator sim = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    sim.seedApp(app("/foo", "acme/foo:master*"));
    sim.seedApp(app("/bad", "acme/bad"));
    watcher =
        new AppWatcher(
            vertx,
            PacerSettings.marathonClient(vertx, sim.url()),
            (appId, label, reason) -> reported.add(appId + ": " + reason));
    result(watcher.resync());
  }

  @AfterEach
  void close() {
    result(vertx.close());
  }

  @Test
  void aResyncWatchesTheGoodLabelsAndSaysWhyTheBadOneIsSkipped() {
    assertThat(watcher.index().size()).isEqualTo(1);
    assertThat(watcher.index().matching("r.io", "acme/foo", "master-1"))
        .extracting(w -> w.appId())
        .containsExactly("/foo");
    assertThat(watcher.skipped()).containsOnlyKeys("/bad");
    assertThat(watcher.skipped().get("/bad")).contains("acme/bad");
    assertThat(reported).hasSize(1).first().asString().startsWith("/bad: ");
  }

  @Test
  void theSameLabelAgainLeavesTheIndexAsItIs() {
    AppIndex before = watcher.index();
    watcher.onMarathonEvent(apiPost("/foo", "acme/foo:master*"));
    assertThat(watcher.index()).isSameAs(before);
  }

  @Test
  void aChangedLabelIsFollowedAndAChangeBackToo() {
    watcher.onMarathonEvent(apiPost("/foo", "acme/foo:release-*"));
    assertThat(watcher.index().matching("", "acme/foo", "master-1")).isEmpty();
    assertThat(watcher.index().matching("", "acme/foo", "release-2")).hasSize(1);

    watcher.onMarathonEvent(apiPost("/foo", "acme/foo:master*"));
    assertThat(watcher.index().matching("", "acme/foo", "master-1")).hasSize(1);
    assertThat(watcher.index().matching("", "acme/foo", "release-2")).isEmpty();
  }

  @Test
  void aLabelThatBreaksIsSkippedAndItsFixIsWatchedAgain() {
    watcher.onMarathonEvent(apiPost("/foo", "acme/foo"));
    assertThat(watcher.index().get("/foo")).isNull();
    assertThat(watcher.skipped()).containsKey("/foo");

    watcher.onMarathonEvent(apiPost("/foo", "acme/foo:master*"));
    assertThat(watcher.index().get("/foo")).isNotNull();
    assertThat(watcher.skipped()).doesNotContainKey("/foo");

    watcher.onMarathonEvent(apiPost("/bad", "acme/bad:v*"));
    assertThat(watcher.index().matching("", "acme/bad", "v2")).hasSize(1);
    assertThat(watcher.skipped()).isEmpty();
  }

  @Test
  void aRemovedLabelOrATerminatedAppIsForgottenAndComesBackWithItsLabel() {
    watcher.onMarathonEvent(apiPost("/foo", null));
    assertThat(watcher.index().size()).isZero();

    watcher.onMarathonEvent(apiPost("/foo", "acme/foo:master*"));
    assertThat(watcher.index().get("/foo")).isNotNull();

    watcher.onMarathonEvent(
        PacerEvent.create(
            "test",
            "pacer.marathon.app_terminated_event",
            "/foo",
            Instant.now(),
            Map.of("appId", "/foo")));
    assertThat(watcher.index().size()).isZero();

    watcher.onMarathonEvent(apiPost("/foo", "acme/foo:master*"));
    assertThat(watcher.index().get("/foo")).isNotNull();
  }

  private static JsonObject app(String id, String label) {
    return new JsonObject()
        .put("id", id)
        .put("instances", 1)
        .put("labels", new JsonObject().put("autodeploy", label))
        .put(
            "container",
            new JsonObject()
                .put("type", "DOCKER")
                .put("docker", new JsonObject().put("image", "r.io" + id + ":master-0")));
  }

  private static PacerEvent apiPost(String id, String label) {
    Map<String, Object> labels = label == null ? Map.of() : Map.of("autodeploy", label);
    return PacerEvent.create(
        "test",
        "pacer.marathon.api_post_event",
        id,
        Instant.now(),
        Map.of("appDefinition", Map.of("id", id, "labels", labels)));
  }
}

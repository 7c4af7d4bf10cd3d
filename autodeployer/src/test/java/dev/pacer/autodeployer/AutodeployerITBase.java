package dev.pacer.autodeployer;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.marathon.Outcome;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testsupport.ManualScheduler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The autodeployer end to end: real registry notifications, simulated Marathon. */
abstract class AutodeployerITBase {
  static final Duration WAIT = Duration.ofSeconds(30);
  AutodeployerFixture f;

  abstract Map<String, String> backend();

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  AutodeployerFixture start(JsonObject... apps) {
    return start(Map.of(), apps);
  }

  AutodeployerFixture start(Map<String, String> settings, JsonObject... apps) {
    Map<String, String> o = new java.util.HashMap<>(backend());
    o.putAll(settings);
    f = new AutodeployerFixture(o, apps);
    return f;
  }

  @Test
  void aPushWaitsOutSomeoneElsesDeploymentAndForcesOnlyAfterForceAfter() {
    start(Map.of("pacer.autodeployer.force-after", "1s"), AutodeployerFixture.foo());
    f.marathon.deploymentOutcome(Outcome.STUCK);
    // someone else's deployment that never ends holds the app
    result(f.pacer.process().runtime().marathon().scale("/acme/foo", 3, false));
    f.registry.push("acme/foo-service", "master-1");
    awaitImage("/acme/foo", ":master-1");
    assertThat(f.puts("/acme/foo"))
        .extracting(RecordedRequest::query)
        .as("refused while locked, then forced after force-after")
        .containsSubsequence("force=false", "force=true")
        .endsWith("force=true");
    // deploy.started reaches this spy through the backbone, after Marathon has the image
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.actions)
                    .filteredOn(e -> e.type().equals("pacer.deploy.started"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.data()).containsEntry("forced", true)));
  }

  /**
   * Waits until the app's lane holds a push of {@code tag...}. The registry notifies before it
   * links the tag, and the check of a tag not there yet is asked again on the scheduler's time:
   * while a push waits for its tag, virtual time moves on by 100 ms a poll (the first re-check's
   * delay).
   */
  private void awaitQueued(ManualScheduler time, String appId, String tagSuffix) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              if (f.status().getInteger("waiting-for-tag", 0) > 0) {
                time.advance(Duration.ofMillis(100));
              }
              return f.lane(appId).getString("queued", "").endsWith(tagSuffix);
            });
  }

  /** On virtual time: the force-after timer of the first wait fires when the test says. */
  @Test
  void aLockThatEndsInTimeCancelsItsForceAfter() {
    Duration forceAfter = Duration.ofSeconds(6);
    ManualScheduler time = new ManualScheduler(Instant.now());
    Map<String, String> o = new java.util.HashMap<>(backend());
    o.put("pacer.autodeployer.force-after", forceAfter.toSeconds() + "s");
    f = new AutodeployerFixture(time, o, AutodeployerFixture.foo());
    // someone else's deployment holds the app until its owner cancels it (no timing involved)
    f.marathon.deploymentOutcome(Outcome.STUCK);
    result(f.pacer.process().runtime().marathon().scale("/acme/foo", 3, false));
    String foreign = f.marathon.deploymentIds().get(0);
    f.registry.push("acme/foo-service", "master-1");
    // Pacer's PUT was refused (409) and the push waits in the lane, force-after running
    awaitQueued(time, "/acme/foo", ":master-1");
    time.advance(forceAfter.minusSeconds(1));
    // the owner cancels it, before force-after
    assertThat(
            result(
                    WebClient.create(f.vertx)
                        .deleteAbs(f.marathon.url() + "/v2/deployments/" + foreign + "?force=true")
                        .send())
                .statusCode())
        .isEqualTo(202);
    awaitImage("/acme/foo", ":master-1");
    // our own deploy never ends; a later push waits behind it
    f.registry.push("acme/foo-service", "master-2");
    awaitQueued(time, "/acme/foo", ":master-2");
    // the first wait's force-after timer fires now: it must not force past our own deployment
    time.advance(Duration.ofSeconds(2));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> f.image("/acme/foo").endsWith(":master-1"));
    assertThat(f.puts("/acme/foo"))
        .extracting(RecordedRequest::query)
        .as("the foreign scale, our PUT refused while locked, our deploy; none forced")
        .containsExactly("force=false", "force=false", "force=false");
  }

  @Test
  void aPushDeploysEveryMatchingAppAndLeavesTheRestAlone() {
    start(
        AutodeployerFixture.app(
            "/acme/foo", "acme/foo-service:master-0", 3, "acme/foo-service:master*"),
        AutodeployerFixture.app(
            "/acme/foo-canary", "acme/foo-service:master-0", 1, "acme/foo-service:master*"),
        AutodeployerFixture.app(
            "/acme/foo-release", "acme/foo-service:release-1", 2, "acme/foo-service:release-*"));
    JsonObject before = f.marathon.storedApp("/acme/foo");
    String digest = f.registry.push("acme/foo-service", "master-abc");
    String image = f.registry.host() + "/acme/foo-service:master-abc";
    await()
        .atMost(WAIT)
        .until(
            () -> image.equals(f.image("/acme/foo")) && image.equals(f.image("/acme/foo-canary")));

    JsonObject after = f.marathon.storedApp("/acme/foo");
    JsonObject expected = before.getJsonObject("container").copy();
    expected.getJsonObject("docker").put("image", image);
    assertThat(after.getJsonObject("container")).isEqualTo(expected);
    assertThat(after.getInteger("instances")).isEqualTo(3);
    assertThat(after.getJsonObject("labels").getMap())
        .containsEntry("team", "core")
        .containsEntry("pacer.image-digest", digest)
        .containsEntry("pacer.previous-image", "acme/foo-service:master-0");
    assertThat(f.puts("/acme/foo"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.jsonBody().containsKey("instances")).isFalse();
              assertThat(r.query()).isEqualTo("force=false");
            });
    assertThat(f.image("/acme/foo-release")).isEqualTo("acme/foo-service:release-1");
    assertThat(f.puts("/acme/foo-release")).isEmpty();
    await().atMost(WAIT).until(() -> f.actionTypes("/acme/foo").contains("pacer.deploy.succeeded"));
    assertThat(f.actionTypes("/acme/foo"))
        .containsSubsequence("pacer.deploy.started", "pacer.deploy.succeeded");
  }

  @Test
  void theSameTagAgainAndTheSameEventTwiceDeployNothingMore() {
    start(AutodeployerFixture.foo());
    String digest = f.registry.push("acme/foo-service", "master-abc");
    await()
        .atMost(WAIT)
        .until(
            () ->
                f.puts("/acme/foo").size() == 1
                    && f.actionTypes("/acme/foo").contains("pacer.deploy.succeeded"));
    // the same image again: the registry sends a new manifest push event with the same digest
    f.registry.push("acme/foo-service", "master-abc");
    // and the same event id twice, as a registry retrying after a slow answer does
    String envelope =
        envelope(
            UUID.randomUUID().toString(),
            f.registry.host(),
            "acme/foo-service",
            "master-abc",
            Instant.now(),
            digest);
    assertThat(post(envelope).bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
    assertThat(post(envelope).bodyAsJsonObject().getInteger("duplicates")).isEqualTo(1);
    // a push after all of those must be the next PUT: nothing came in between
    f.registry.push("acme/foo-service", "master-def");
    awaitImage("/acme/foo", ":master-def");
    assertThat(f.puts("/acme/foo")).hasSize(2);
  }

  @Test
  void pushesDuringAnInFlightDeployEndAtTheNewestWithoutForcing() {
    start(AutodeployerFixture.foo());
    // deployments last until the test ends them, so the pushes surely come while one runs
    f.marathon.deploymentDuration(Duration.ofHours(1));
    f.registry.push("acme/foo-service", "master-1");
    await().atMost(WAIT).until(() -> f.puts("/acme/foo").size() == 1);
    f.registry.push("acme/foo-service", "master-2");
    f.registry.push("acme/foo-service", "master-3");
    // only the newest waits
    await()
        .atMost(WAIT)
        .until(() -> f.lane("/acme/foo").getString("queued", "").endsWith(":master-3"));
    f.marathon.finishDeploymentsNow();
    awaitImage("/acme/foo", ":master-3");
    assertThat(f.puts("/acme/foo"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.query()).isEqualTo("force=false"));
  }

  @Test
  void anOlderPushArrivingAfterANewerOneNeverDowngrades() {
    start(AutodeployerFixture.foo());
    // a second registry, silent, so only the envelopes below announce these pushes
    try (DockerRegistry quiet = DockerRegistry.start()) {
      String newer = quiet.push("acme/foo-service", "master-new");
      String older = quiet.push("acme/foo-service", "master-old");
      Instant t = Instant.now();
      assertThat(
              post(envelope(
                      "n-" + UUID.randomUUID(),
                      quiet.host(),
                      "acme/foo-service",
                      "master-new",
                      t,
                      newer))
                  .statusCode())
          .isEqualTo(200);
      awaitImage("/acme/foo", ":master-new");
      assertThat(
              post(envelope(
                      "o-" + UUID.randomUUID(),
                      quiet.host(),
                      "acme/foo-service",
                      "master-old",
                      t.minusSeconds(60),
                      older))
                  .statusCode())
          .isEqualTo(200);
      // the older push was handled: skipped, said with its rule, and nothing else done with it
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.actions.stream()
                      .anyMatch(
                          e ->
                              e.type().equals("pacer.deploy.skipped")
                                  && e.data().get("image").toString().endsWith("master-old")));
      assertThat(
              f.actions.stream()
                  .filter(e -> e.data().getOrDefault("image", "").toString().endsWith("master-old"))
                  .map(
                      e -> e.type() + " " + e.data().getOrDefault("rule", e.data().get("matched"))))
          // the journal's record of the push (which apps it matched), and the skip with its rule
          .containsExactlyInAnyOrder(
              "pacer.push.matched [/acme/foo]", "pacer.deploy.skipped older");
      assertThat(f.image("/acme/foo")).endsWith(":master-new");
      assertThat(f.puts("/acme/foo")).hasSize(1);
    }
  }

  @Test
  void aFailedDeploymentIsRolledBackToThePreviousImage() {
    start(
        AutodeployerFixture.app(
            "/acme/foo",
            "acme/foo-service:master-0",
            2,
            "{ image = \"acme/foo-service:master*\", rollback = true }"));
    f.marathon.deploymentOutcome(Outcome.FAILURE);
    f.marathon.deploymentDuration(Duration.ofMillis(200));
    f.registry.push("acme/foo-service", "master-bad");
    await()
        .atMost(WAIT)
        .until(() -> f.actionTypes("/acme/foo").contains("pacer.deploy.rolled_back"));
    assertThat(f.actionTypes("/acme/foo"))
        .containsSubsequence(
            "pacer.deploy.started", "pacer.deploy.failed", "pacer.deploy.rolled_back");
    assertThat(f.image("/acme/foo")).isEqualTo("acme/foo-service:master-0");
    assertThat(f.puts("/acme/foo")).extracting(RecordedRequest::query).containsOnly("force=false");
  }

  @Test
  void aRollbackPutsBackTheLabelsOfTheImageItRestoresAndARedeliveredBadPushStaysOut() {
    String goodAt = Instant.now().minusSeconds(600).toString();
    JsonObject app =
        AutodeployerFixture.app(
            "/acme/foo",
            "acme/foo-service:master-0",
            2,
            "{ image = \"acme/foo-service:master*\", rollback = true }");
    app.getJsonObject("labels")
        .put("pacer.deployed-by", "pacer-autodeployer")
        .put("pacer.image-digest", "sha256:" + "0".repeat(64))
        .put("pacer.image-pushed-at", goodAt)
        .put("pacer.previous-image", "acme/foo-service:master-prev");
    start(app);
    JsonObject before = f.marathon.storedApp("/acme/foo").getJsonObject("labels").copy();
    f.marathon.deploymentOutcome(Outcome.FAILURE);
    f.marathon.deploymentDuration(Duration.ofMillis(200));
    String bad = f.registry.push("acme/foo-service", "master-bad");
    await()
        .atMost(WAIT)
        .until(() -> f.actionTypes("/acme/foo").contains("pacer.deploy.rolled_back"));
    await()
        .atMost(WAIT)
        .until(() -> result(f.pacer.process().runtime().marathon().deployments()).isEmpty());
    JsonObject labels = f.marathon.storedApp("/acme/foo").getJsonObject("labels");
    assertThat(f.image("/acme/foo")).isEqualTo("acme/foo-service:master-0");
    // the labels describe master-0 again, as they did before the bad deploy
    for (String k :
        new String[] {
          "pacer.deployed-by", "pacer.image-digest", "pacer.image-pushed-at", "pacer.previous-image"
        }) {
      assertThat(labels.getString(k)).as(k).isEqualTo(before.getString(k));
    }
    assertThat(labels.getString("pacer.rolled-back-digest")).isEqualTo(bad);
    assertThat(labels.getString("autodeploy")).isEqualTo(before.getString("autodeploy"));
    // the bad push delivered again (a registry retrying): not deployed, and why
    int puts = f.puts("/acme/foo").size();
    post(
        envelope(
            "again-" + UUID.randomUUID(),
            f.registry.host(),
            "acme/foo-service",
            "master-bad",
            Instant.now(),
            bad));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        f.lane("/acme/foo")
                            .getJsonObject("last", new JsonObject())
                            .getString("reason"))
                    .isEqualTo(
                        bad
                            + " is quarantined for /acme/foo (it was rolled back): a new image"
                            + " deploys, this one does not until pacer quarantine lift --app"
                            + " /acme/foo --digest "
                            + bad));
    assertThat(f.puts("/acme/foo")).hasSize(puts);
  }

  /**
   * A rolled-back digest is quarantined for the app, where pauses are stored: pushed again under
   * another tag it is skipped with its rule; a newer image deploys; once the quarantine is lifted
   * ({@code POST /quarantine/lift}) the next push of it deploys.
   */
  @Test
  void aRolledBackDigestUnderANewTagIsNotDeployedUntilItsQuarantineIsLifted(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path stateDir) {
    start(
        Map.of("pacer.admin.token", "q-admin", "pacer.state-dir", stateDir.toString()),
        AutodeployerFixture.app(
            "/acme/foo",
            "acme/foo-service:master-0",
            2,
            "{ image = \"acme/foo-service:master*\", rollback = true }"));
    f.marathon.deploymentOutcome(Outcome.FAILURE);
    f.marathon.deploymentDuration(Duration.ofMillis(200));
    String bad = f.registry.pushReproducible("acme/foo-service", "master-bad", "bad build");
    await()
        .atMost(WAIT)
        .until(() -> f.actionTypes("/acme/foo").contains("pacer.deploy.rolled_back"));
    PacerEvent rolledBack =
        f.actions.stream()
            .filter(e -> e.type().equals("pacer.deploy.rolled_back"))
            .findFirst()
            .orElseThrow();
    assertThat(rolledBack.data()).containsEntry("quarantined", bad);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.pacer.status().getJsonArray("pauses").encode())
                    .contains("quarantine:/acme/foo@" + bad));
    await()
        .atMost(WAIT)
        .until(() -> result(f.pacer.process().runtime().marathon().deployments()).isEmpty());
    f.marathon.deploymentOutcome(Outcome.SUCCESS);
    int puts = f.puts("/acme/foo").size();
    // the same image under a new tag
    f.registry.pushReproducible("acme/foo-service", "master-bad-retagged", "bad build");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        f.actions.stream()
                            .filter(
                                e ->
                                    e.type().equals("pacer.deploy.skipped")
                                        && e.data().get("image").toString().endsWith("retagged"))
                            .map(e -> e.data().get("rule")))
                    .containsExactly("quarantined"));
    assertThat(f.puts("/acme/foo")).hasSize(puts);
    // lifted: the next push of it deploys
    assertThat(
            f.pacer.post(
                "/quarantine/lift",
                "{\"app\": \"/acme/foo\", \"digest\": \""
                    + bad
                    + "\", \"reason\": \"fixed upstream\"}",
                "q-admin"))
        .isEqualTo(200);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.pacer.status().getJsonArray("pauses").encode())
                    .doesNotContain("quarantine:"));
    f.registry.pushReproducible("acme/foo-service", "master-bad-again", "bad build");
    awaitImage("/acme/foo", ":master-bad-again");
  }

  /**
   * A quarantine and a deploy freeze are stored where pauses are: a new Pacer on the same state
   * (the state file, or the Kafka control topic) has both, and keeps the quarantined image out.
   */
  @Test
  void aQuarantineAndAFreezeSurviveARestart(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    // the same topics for both (the harness gives each start topics of its own)
    Map<String, String> o =
        Map.of(
            "pacer.admin.token",
            "r-admin",
            "pacer.state-dir",
            dir.toString(),
            "pacer.kafka.topic-prefix",
            "it-restart-" + UUID.randomUUID() + ".");
    JsonObject app =
        AutodeployerFixture.app(
            "/acme/bar", "acme/bar:1", 2, "{ image = \"acme/bar:*\", rollback = true }");
    start(o, app.copy());
    f.marathon.deploymentOutcome(Outcome.FAILURE);
    f.marathon.deploymentDuration(Duration.ofMillis(200));
    String bad = f.registry.pushReproducible("acme/bar", "2", "bar: a bad build");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.pacer.status().getJsonArray("pauses").encode())
                    .contains("quarantine:/acme/bar@" + bad));
    assertThat(
            f.pacer.post(
                "/pause", "{\"scope\": \"deploys:/acme/bar\", \"for\": \"1h\"}", "r-admin"))
        .isEqualTo(200);
    f.close();
    f = null;
    // a new Pacer on the same state
    start(o, app.copy());
    String pauses = f.pacer.status().getJsonArray("pauses").encode();
    assertThat(pauses).contains("quarantine:/acme/bar@" + bad).contains("deploys:/acme/bar");
    f.registry.pushReproducible("acme/bar", "3", "bar: a bad build");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        f.actions.stream()
                            .filter(
                                e ->
                                    e.type().equals("pacer.deploy.skipped")
                                        && e.data().get("image").toString().endsWith("/acme/bar:3"))
                            .map(e -> e.data().get("rule")))
                    .containsExactly("quarantined"));
    assertThat(f.puts("/acme/bar")).isEmpty();
    // and both end as any quarantine and pause do
    assertThat(
            f.pacer.post(
                "/quarantine/lift",
                "{\"app\": \"/acme/bar\", \"digest\": \"" + bad + "\"}",
                "r-admin"))
        .isEqualTo(200);
    assertThat(f.pacer.post("/resume", "{\"scope\": \"deploys:/acme/bar\"}", "r-admin"))
        .isEqualTo(200);
  }

  @Test
  void aDeployMarathonAppliedButAnswered503IsFollowedToItsEndAndRolledBack() {
    start(
        AutodeployerFixture.app(
            "/acme/foo",
            "acme/foo-service:master-0",
            2,
            "{ image = \"acme/foo-service:master*\", rollback = true }"));
    // Marathon times out on its side: the PUT is applied, the answer is 503
    f.marathon.applyThenFailNext("PUT", "/v2/apps/acme/foo", 503);
    f.marathon.deploymentOutcome(Outcome.FAILURE);
    // it runs until the test ends it: Pacer must have found it in /v2/deployments first
    f.marathon.deploymentDuration(Duration.ofHours(1));
    f.registry.push("acme/foo-service", "master-timeout");
    await().atMost(WAIT).until(() -> f.actionTypes("/acme/foo").contains("pacer.deploy.started"));
    f.marathon.finishDeploymentsNow();
    try {
      await()
          .atMost(WAIT)
          .until(() -> f.actionTypes("/acme/foo").contains("pacer.deploy.rolled_back"));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("the deploy was not followed\n" + f.diagnostics("/acme/foo"), e);
    }
    assertThat(f.actionTypes("/acme/foo"))
        .containsSubsequence(
            "pacer.deploy.started", "pacer.deploy.failed", "pacer.deploy.rolled_back");
    assertThat(f.image("/acme/foo")).isEqualTo("acme/foo-service:master-0");
    // the deploy's PUT once (answered 503), then the rollback's: never sent twice
    assertThat(f.puts("/acme/foo")).hasSize(2);
    assertThat(f.actions)
        .filteredOn(e -> e.type().equals("pacer.deploy.started"))
        .singleElement()
        .satisfies(e -> assertThat(e.data().get("deployment-id").toString()).isNotEmpty());
  }

  @Test
  void badRequestsAreRefusedAndTheDaemonKeepsServing() {
    start(AutodeployerFixture.foo());
    WebClient http = WebClient.create(f.vertx);
    String valid =
        envelope(
            "v-1", f.registry.host(), "acme/foo-service", "master-x", Instant.now(), "sha256:1");
    var base = "/registry/events";
    assertThat(
            result(
                    http.post(f.port(), "127.0.0.1", base)
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(valid)))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            result(
                    http.post(f.port(), "127.0.0.1", base)
                        .bearerTokenAuthentication("wrong")
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(valid)))
                .statusCode())
        .isEqualTo(401);
    HttpResponse<Buffer> big =
        result(
            http.post(f.port(), "127.0.0.1", base)
                .bearerTokenAuthentication(AutodeployerFixture.TOKEN)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new byte[2 * 1024 * 1024])));
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.bodyAsJsonObject().getString("error"))
        .isEqualTo("body over the limit of 1048576 bytes (pacer.autodeployer.max-body-size)");
    assertThat(result(http.get(f.port(), "127.0.0.1", "/metrics").send()).bodyAsString())
        .contains("pacer_autodeployer_notifications_total{result=\"too_large\"} 1.0");
    HttpResponse<Buffer> garbage = post("{\"events\": [{\"id\": 1}");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.bodyAsJsonObject().getString("error")).startsWith("not JSON");
    assertThat(
            result(
                    http.post(f.port(), "127.0.0.1", base)
                        .bearerTokenAuthentication(AutodeployerFixture.TOKEN)
                        .putHeader("Content-Type", "text/plain")
                        .sendBuffer(Buffer.buffer(valid)))
                .statusCode())
        .isEqualTo(415);
    f.registry.push("acme/foo-service", "master-ok");
    awaitImage("/acme/foo", ":master-ok");
  }

  @Test
  void aPushThatCannotBeCheckedIsRetriedThenDroppedWithDeployFailed() {
    start(AutodeployerFixture.foo());
    String gone = "127.0.0.1:" + dev.pacer.testkit.servers.Ports.free();
    // pushed 20 minutes ago to a registry that is no longer there: past retry-for (10m)
    post(
        envelope(
            "old-" + UUID.randomUUID(),
            gone,
            "acme/foo-service",
            "master-lost",
            Instant.now().minusSeconds(1200),
            "sha256:1"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.actions)
                    .anySatisfy(
                        e -> {
                          assertThat(e.type()).isEqualTo("pacer.deploy.failed");
                          assertThat(e.data().get("reason").toString())
                              .startsWith("gave up after PT10M");
                        }));
    // and the lane is free for the next push
    f.registry.push("acme/foo-service", "master-next");
    awaitImage("/acme/foo", ":master-next");
    assertThat(f.puts("/acme/foo")).hasSize(1);
  }

  @Test
  void aPushThatIsBeingRetriedShowsInStatusWithItsAttemptsAndLastError() {
    start(AutodeployerFixture.foo());
    String gone = "127.0.0.1:" + dev.pacer.testkit.servers.Ports.free();
    // pushed now, to a registry that does not answer: redelivered until retry-for (10m)
    post(
        envelope(
            "retry-" + UUID.randomUUID(),
            gone,
            "acme/foo-service",
            "master-retried",
            Instant.now(),
            "sha256:" + "2".repeat(64)));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject retrying = f.lane("/acme/foo").getJsonObject("retrying", new JsonObject());
              assertThat(retrying.getString("image")).endsWith("acme/foo-service:master-retried");
              assertThat(retrying.getInteger("attempts", 0)).isGreaterThanOrEqualTo(2);
              assertThat(retrying.getString("last-error")).isNotBlank().doesNotContain("null");
              assertThat(f.status().getInteger("retrying")).isEqualTo(1);
            });
    assertThat(f.puts("/acme/foo")).isEmpty();
  }

  @Test
  void aNotificationThatOutrunsItsTagIsCheckedAgainUntilTheTagIsThereThenDeployed() {
    start(AutodeployerFixture.foo());
    // a silent registry: the notification below is the only one, sent before the image exists,
    // as a real registry 2.8 sends it before it links the tag
    try (DockerRegistry late = DockerRegistry.start()) {
      String digest = late.digestOf("acme/foo-service", "master-late");
      assertThat(
              post(envelope(
                      "late-" + UUID.randomUUID(),
                      late.host(),
                      "acme/foo-service",
                      "master-late",
                      Instant.now(),
                      digest))
                  .statusCode())
          .isEqualTo(200);
      // Pacer found no such tag, and asks again rather than giving up
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.lane("/acme/foo")
                          .getJsonObject("waiting-for-tag", new JsonObject())
                          .getInteger("checks", 0)
                      >= 2);
      assertThat(f.status().getInteger("waiting-for-tag")).isEqualTo(1);
      assertThat(f.puts("/acme/foo")).isEmpty();
      assertThat(late.push("acme/foo-service", "master-late")).isEqualTo(digest);
      awaitImage("/acme/foo", ":master-late");
      assertThat(
              f.marathon
                  .storedApp("/acme/foo")
                  .getJsonObject("labels")
                  .getString("pacer.image-digest"))
          .isEqualTo(digest);
      await()
          .atMost(WAIT)
          .until(() -> f.actionTypes("/acme/foo").contains("pacer.deploy.succeeded"));
      assertThat(f.actionTypes("/acme/foo")).doesNotContain("pacer.deploy.failed");
      assertThat(f.lane("/acme/foo").containsKey("waiting-for-tag")).isFalse();
    }
  }

  @Test
  void aTagThatNeverComesIsSkippedAfterTheGraceAndNeverCountsAsAFailedDeploy() {
    start(Map.of("pacer.autodeployer.manifest-grace", "1s"), AutodeployerFixture.foo());
    for (int i = 0; i < 5; i++) {
      post(
          envelope(
              "missing-" + i + "-" + UUID.randomUUID(),
              f.registry.host(),
              "acme/foo-service",
              "master-missing-" + i,
              Instant.now(),
              "sha256:" + "0".repeat(63) + i));
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject last = f.lane("/acme/foo").getJsonObject("last", new JsonObject());
              assertThat(last.getString("outcome")).isEqualTo("skipped");
              assertThat(last.getString("reason"))
                  .contains("master-missing-4 not in the registry after PT1S")
                  .contains("left to the backstop poll");
            });
    // a real push after them is the next PUT: the lane is free, nothing was deployed before
    f.registry.push("acme/foo-service", "master-real");
    awaitImage("/acme/foo", ":master-real");
    assertThat(f.puts("/acme/foo")).hasSize(1);
    assertThat(f.actions).noneMatch(e -> e.type().equals("pacer.deploy.failed"));
    assertThat(
            result(WebClient.create(f.vertx).get(f.port(), "127.0.0.1", "/metrics").send())
                .bodyAsString())
        .containsPattern("pacer_autodeployer_deploys_total\\{outcome=\"skipped\"} [1-9]");
  }

  @Test
  void twoHundredPushesThroughTheRealRegistryWithTheManifestCheckAreTwoHundredDeploys() {
    int n = 200;
    JsonObject[] apps = new JsonObject[n];
    for (int i = 0; i < n; i++) {
      apps[i] =
          AutodeployerFixture.app(
              "/load/app-" + i, "load/app-" + i + ":v0", 1, "load/app-" + i + ":v*");
    }
    start(apps);
    // pushed as CI pipelines push, several at once
    Map<String, String> digests = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.ExecutorService pushers =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> pushes = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        String app = "load/app-" + i;
        pushes.add(pushers.submit(() -> digests.put("/" + app, f.registry.push(app, "v1"))));
      }
      for (java.util.concurrent.Future<?> p : pushes) {
        p.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("a push failed", e);
    } finally {
      pushers.shutdownNow();
    }
    assertThat(digests).hasSize(n);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  f.actions.stream().filter(e -> e.type().equals("pacer.deploy.succeeded")).count()
                      >= n);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("not every push deployed\n" + f.diagnostics("/load/app-0"), e);
    }
    digests.forEach(
        (app, digest) -> {
          assertThat(f.image(app)).isEqualTo(f.registry.host() + "/" + app.substring(1) + ":v1");
          assertThat(
                  f.marathon.storedApp(app).getJsonObject("labels").getString("pacer.image-digest"))
              .isEqualTo(digest);
          assertThat(f.puts(app)).hasSize(1);
        });
    assertThat(f.actions).noneMatch(e -> e.type().equals("pacer.deploy.failed"));
  }

  @Test
  void sendersThatCannotSetHeadersAuthenticateWithTheTokenInTheUrlWhichIsNeverLogged() {
    start(AutodeployerFixture.foo());
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try (DockerRegistry quay = DockerRegistry.start()) {
      quay.push("acme/foo-service", "master-q");
      // Quay's repo_push as Quay builds it, from that registry
      JsonObject body =
          new JsonObject(dev.pacer.testkit.Contracts.text("quay/repo_push.derived.json"))
              .put("docker_url", quay.host() + "/acme/foo-service")
              .put("updated_tags", new io.vertx.core.json.JsonArray().add("master-q"));
      WebClient http = WebClient.create(f.vertx);
      HttpResponse<Buffer> missing =
          result(http.post(f.port(), "127.0.0.1", "/registry/quay").sendJsonObject(body));
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.bodyAsJsonObject().getString("error")).contains("?token=<webhook token>");
      assertThat(
              result(
                      http.post(f.port(), "127.0.0.1", "/registry/quay?token=wrong")
                          .sendJsonObject(body))
                  .statusCode())
          .isEqualTo(401);
      // a registry can send headers: its route takes no token in the URL
      HttpResponse<Buffer> events =
          result(
              http.post(
                      f.port(), "127.0.0.1", "/registry/events?token=" + AutodeployerFixture.TOKEN)
                  .putHeader("Content-Type", "application/json")
                  .sendBuffer(Buffer.buffer("{\"events\": []}")));
      assertThat(events.statusCode()).isEqualTo(401);
      assertThat(events.bodyAsJsonObject().getString("error"))
          .contains("a token in the URL is accepted only on");
      HttpResponse<Buffer> ok =
          result(
              http.post(f.port(), "127.0.0.1", "/registry/quay?token=" + AutodeployerFixture.TOKEN)
                  .sendJsonObject(body));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
      awaitImage("/acme/foo", quay.host() + "/acme/foo-service:master-q");
      // Docker Hub, the same way
      HttpResponse<Buffer> hub =
          result(
              http.post(
                      f.port(),
                      "127.0.0.1",
                      "/registry/dockerhub?token=" + AutodeployerFixture.TOKEN)
                  .sendBuffer(
                      Buffer.buffer(
                          dev.pacer.testkit.Contracts.bytes(
                              "registry/dockerhub_webhook_docs.json"))));
      assertThat(hub.statusCode()).isEqualTo(200);
      assertThat(hub.bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list)
        .noneMatch(e -> e.getFormattedMessage().contains(AutodeployerFixture.TOKEN));
  }

  /** Waits for the app's image to end with {@code suffix}; on timeout, says what each side saw. */
  void awaitImage(String appId, String suffix) {
    try {
      await().atMost(WAIT).until(() -> f.image(appId).endsWith(suffix));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          appId + " never reached *" + suffix + " within " + WAIT + "\n" + f.diagnostics(appId), e);
    }
  }

  HttpResponse<Buffer> post(String body) {
    return result(
        WebClient.create(f.vertx)
            .post(f.port(), "127.0.0.1", "/registry/events")
            .bearerTokenAuthentication(AutodeployerFixture.TOKEN)
            .putHeader("Content-Type", "application/vnd.docker.distribution.events.v1+json")
            .sendBuffer(Buffer.buffer(body)));
  }

  static String envelope(
      String id, String host, String repo, String tag, Instant at, String digest) {
    JsonObject e =
        new JsonObject()
            .put("id", id)
            .put("timestamp", at.toString())
            .put("action", "push")
            .put(
                "target",
                new JsonObject()
                    .put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                    .put("digest", digest)
                    .put("repository", repo)
                    .put("tag", tag))
            .put("request", new JsonObject().put("host", host).put("method", "PUT"));
    return new JsonObject().put("events", new io.vertx.core.json.JsonArray().add(e)).encode();
  }
}

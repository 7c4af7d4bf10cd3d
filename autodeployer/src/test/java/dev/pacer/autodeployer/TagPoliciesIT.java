package dev.pacer.autodeployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tag policies end to end: pushes through the real registry, deploys to the Marathon simulator, on
 * the local backbone (a policy keeps no state of its own).
 */
class TagPoliciesIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  AutodeployerFixture f;

  @org.junit.jupiter.api.AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  void start(io.vertx.core.json.JsonObject... apps) {
    f = new AutodeployerFixture(Map.of("pacer.events.backend", "local"), apps);
  }

  List<String> skips(String appId) {
    return f.actions.stream()
        .filter(e -> e.subject().equals(appId) && e.type().equals("pacer.deploy.skipped"))
        .map(e -> e.data().get("rule") + " " + e.data().get("reason"))
        .toList();
  }

  /**
   * {@code range = "^2.3"}: 2.3.1 deploys; while it deploys 2.4.0 waits, 3.0.0 is outside the range
   * and 2.3.9 is older than the waiting 2.4.0 though pushed after it; the app ends at 2.4.0.
   */
  @Test
  void semverPushesOf231And240And300And239EndAt240() {
    start(
        AutodeployerFixture.app(
            "/acme/svc",
            "acme/svc:2.3.0",
            2,
            "{ image = \"acme/svc\", policy = semver, range = \"^2.3\" }"));
    f.marathon.deploymentDuration(Duration.ofHours(1));
    f.registry.push("acme/svc", "2.3.1");
    await().atMost(WAIT).until(() -> f.puts("/acme/svc").size() == 1);
    f.registry.push("acme/svc", "2.4.0");
    f.registry.push("acme/svc", "3.0.0");
    f.registry.push("acme/svc", "2.3.9");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(skips("/acme/svc"))
                    .containsExactlyInAnyOrder(
                        "policy 3.0.0 is outside the range ^2.3 (policy semver ^2.3)",
                        "older 2.3.9 is not newer than the waiting 2.4.0 (policy semver ^2.3)"));
    assertThat(f.lane("/acme/svc").getString("queued")).endsWith("/acme/svc:2.4.0");
    f.marathon.finishDeploymentsNow();
    await().atMost(WAIT).until(() -> f.image("/acme/svc").endsWith(":2.4.0"));
    f.marathon.finishDeploymentsNow();
    assertThat(f.puts("/acme/svc")).hasSize(2);
    assertThat(f.image("/acme/svc")).endsWith(":2.4.0");
  }

  /** {@code extract = "$ts"} orders master-9 before master-10, which text would not. */
  @Test
  void numericalWithExtractOrdersMaster9BeforeMaster10() {
    start(
        AutodeployerFixture.app(
            "/acme/num",
            "acme/num:master-1",
            2,
            "{ image = \"acme/num:master-*\", policy = numerical,"
                + " tags = \"^master-(?<ts>[0-9]+)$\", extract = \"$ts\" }"));
    f.registry.push("acme/num", "master-9");
    await().atMost(WAIT).until(() -> f.image("/acme/num").endsWith(":master-9"));
    f.registry.push("acme/num", "master-10");
    await().atMost(WAIT).until(() -> f.image("/acme/num").endsWith(":master-10"));
    f.registry.push("acme/num", "master-8");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(skips("/acme/num"))
                    .containsExactly(
                        "older master-8 is not newer than the running master-10 (policy numerical"
                            + " ^master-(?<ts>[0-9]+)$ $ts); never downgrade"));
    assertThat(f.image("/acme/num")).endsWith(":master-10");
    assertThat(f.puts("/acme/num")).hasSize(2);
  }

  /** {@code dryRun = true}: the push is decided and published as a dry run, nothing deployed. */
  @Test
  void aDryRunLabelSaysWhatItWouldDeployAndDeploysNothing() {
    start(
        AutodeployerFixture.app(
            "/acme/dry", "acme/dry:1", 2, "{ image = \"acme/dry:*\", dryRun = true }"));
    f.registry.push("acme/dry", "2");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        f.actions.stream()
                            .filter(
                                e ->
                                    e.subject().equals("/acme/dry")
                                        && e.type().equals("pacer.deploy.dry_run")))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.data().get("image").toString()).endsWith("/acme/dry:2");
                          assertThat(e.data().get("previous-image")).isEqualTo("acme/dry:1");
                        }));
    assertThat(f.puts("/acme/dry")).isEmpty();
    assertThat(f.image("/acme/dry")).isEqualTo("acme/dry:1");
    assertThat(f.lane("/acme/dry").getJsonObject("last").getString("outcome")).isEqualTo("dry_run");
  }

  /** An unknown policy name makes the label invalid, loudly, with the reason; others deploy. */
  @Test
  void anUnknownPolicyIsALabelErrorWithItsReason() {
    start(
        AutodeployerFixture.app(
            "/acme/bad", "acme/bad:1", 2, "{ image = \"acme/bad\", policy = newest }"),
        AutodeployerFixture.foo());
    f.registry.push("acme/bad", "2");
    f.registry.push("acme/foo-service", "master-1");
    await().atMost(WAIT).until(() -> f.image("/acme/foo").endsWith(":master-1"));
    assertThat(f.image("/acme/bad")).isEqualTo("acme/bad:1");
    // in /status, beside the log line and the pacer.autodeploy.label_invalid event (published at
    // start, before this test's spy listens)
    assertThat(f.status().getJsonObject("skipped").getString("/acme/bad"))
        .startsWith("unknown policy 'newest'; expected glob (the default), semver,");
  }
}

package dev.pacer.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.testkit.marathon.Outcome;
import dev.pacer.testkit.servers.Ports;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The autoscaler against real Graphite and the Marathon simulator. */
class AutoscalerIT extends AutoscalerITBase {
  @Test
  void aHighMetricScalesUpWithinOneCycleAndNeverPastMax() {
    f.app("web", 2, "");
    f.write("web", 0.9);
    f.start();
    await().atMost(WAIT).until(() -> f.instances("web") > 2);
    // 2 × 0.9 / 0.55 = 3.3 → 4, in one step (the next cycle may already have gone on to 6)
    assertThat(f.scalePuts("web")).first().isEqualTo(4);
    f.write("web", 5.0);
    await().atMost(WAIT).until(() -> f.instances("web") == 6);
    cycles(3);
    assertThat(f.scalePuts("web")).containsExactly(4, 6);
    assertThat(f.puts("web")).allSatisfy(r -> assertThat(r.query()).isEqualTo("force=false"));
    assertThat(f.puts("web"))
        .allSatisfy(r -> assertThat(r.jsonBody().fieldNames()).containsExactly("instances"));
    PacerEvent applied = f.events("web", EventTypes.SCALE_APPLIED).get(0);
    assertThat(applied.data()).containsEntry("instances", 2).containsEntry("to", 4);
    assertThat(applied.data().get("reason")).isEqualTo("0.9 is above up 0.7");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.events("web", EventTypes.SCALE_HELD))
                    .extracting(e -> e.data().get("hold"))
                    .containsOnlyOnce("at_bound"));
  }

  @Test
  void aLowMetricScalesDownOnlyAfterTheDownCooldown() {
    // seeded now: Marathon's lastScalingAt is now, so the 4 s down-cooldown has just begun
    f.app("api", 6, "scaleDownCooldown = 4");
    Instant seeded = Instant.parse(f.versionInfo("api").getString("lastScalingAt"));
    f.write("api", 0.2);
    f.start();
    await().atMost(WAIT).until(() -> f.instances("api") < 6);
    Instant scaled = Instant.parse(f.versionInfo("api").getString("lastScalingAt"));
    assertThat(scaled).isAfterOrEqualTo(seeded.plusSeconds(4));
    // 6 × 0.2 / 0.55 = 2.2 → 3, in one step
    assertThat(f.scalePuts("api")).containsExactly(3);
    // the spy gets the events on its own context, a moment after the PUT
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.actions)
                    .filteredOn(e -> e.subject().equals(f.id("api")))
                    .extracting(e -> e.type() + ":" + e.data().getOrDefault("hold", ""))
                    .containsSubsequence("pacer.scale.held:cooldown", "pacer.scale.applied:"));
  }

  @Test
  void theDownCooldownHoldsASecondStepUntilItEnds() {
    f.app("svc", 6, "scaleDownCooldown = 4, maxStepDown = 1");
    f.write("svc", 0.1);
    f.start();
    await().atMost(WAIT).until(() -> f.instances("svc") == 5);
    Instant first = Instant.parse(f.versionInfo("svc").getString("lastScalingAt"));
    await().atMost(WAIT).until(() -> f.instances("svc") == 4);
    Instant second = Instant.parse(f.versionInfo("svc").getString("lastScalingAt"));
    assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    assertThat(f.events("svc", EventTypes.SCALE_HELD))
        .extracting(e -> e.data().get("hold"))
        .contains("cooldown");
  }

  @Test
  void aMetricInsideTheBandNeverChangesTheApp() {
    f.app("calm", 3, "");
    f.write("calm", 0.55);
    f.start();
    cycles(6);
    assertThat(f.puts("calm")).isEmpty();
    JsonObject state = f.appState("calm");
    assertThat(state.getString("hold")).isEqualTo("in_band");
    assertThat(state.getString("reason")).isEqualTo("0.55 is inside [0.4, 0.7]");
    assertThat(f.events("calm", EventTypes.SCALE_HELD)).isEmpty();
  }

  @Test
  void withTwoMetricsAMissingOneBlocksTheScaleInAndTheOtherScalesUp() {
    String rps = "mesos.marathon." + f.prefix + ".duo.rps";
    f.appWithLabel(
        "duo",
        3,
        "{ minInstances = 2, maxInstances = 6, cooldown = 0, window = 30s, aggregation = last,"
            + " graphite = [ { target = \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 },"
            + " { target = \"mesos.marathon.${id}.rps\", value = 200 } ] }");
    f.write("duo", 0.1);
    f.start();
    cycles(3);
    assertThat(f.puts("duo")).isEmpty();
    assertThat(f.appState("duo").getString("hold")).isEqualTo("no_data");
    assertThat(f.appState("duo").getString("reason"))
        .startsWith(
            "mesos.marathon."
                + f.prefix
                + ".duo.cpu_util: 0.1 is below down 0.4; but "
                + rps
                + " has no value (no such metric");
    long now = Instant.now().getEpochSecond();
    f.graphite.sendLines(rps + " 300 " + (now - 10) + "\n" + rps + " 300 " + now + "\n");
    f.graphite.awaitServed(rps, 300.0, WAIT);
    // rps asks ceil(3 × 300 / 200) = 5, cpu fewer: the most demanding wins
    await().atMost(WAIT).until(() -> f.instances("duo") == 5);
    assertThat(f.scalePuts("duo")).containsExactly(5);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.events("duo", EventTypes.SCALE_APPLIED))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.data())
                              .containsEntry("target", rps)
                              .containsEntry("value", 300.0);
                          assertThat(e.data().get("reason").toString())
                              .isEqualTo(
                                  rps
                                      + ": 300 is 50% above the target 200 (tolerance 10%)"
                                      + " (the most demanding metric)");
                        }));
  }

  /** An app at 5, min 2: any scale-in would be a PUT below 5. */
  void assertNoScaleIn(String name, String reasonStart) {
    cycles(4);
    assertThat(f.puts(name)).isEmpty();
    assertThat(f.instances(name)).isEqualTo(5);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.events(name, EventTypes.SCALE_HELD))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.data()).containsEntry("hold", "no_data");
                          assertThat(e.data().get("reason").toString()).startsWith(reasonStart);
                        }));
  }

  @Test
  void graphiteAnsweringOnlyNullsScalesNothingIn() {
    f.app("nulls", 5, "");
    f.writeAt("nulls", 0.1, Instant.now().getEpochSecond() - 600);
    f.start();
    assertNoScaleIn("nulls", "only null points in the last 30s");
  }

  @Test
  void graphiteAnsweringAnEmptyListScalesNothingIn() {
    f.app("unknown", 5, "");
    f.start();
    assertNoScaleIn("unknown", "no such metric: Graphite has no series for the target");
  }

  @Test
  void stalePointsScaleNothingIn() {
    f.app("stale", 5, "window = 15m");
    f.writeAt("stale", 0.1, Instant.now().getEpochSecond() - 300);
    f.start();
    assertNoScaleIn("stale", "stale: the newest point is");
  }

  @Test
  void graphiteAnswering500ScalesNothingIn() {
    // a real graphite-web 500: a function given an argument of the wrong type
    f.appWithLabel(
        "broken",
        5,
        "{ minInstances = 2, maxInstances = 6, cooldown = 0, graphite = { target ="
            + " \"scale(mesos.marathon.${id}.cpu_util, \\\"x\\\")\", down = 0.4, up = 0.7 } }");
    f.write("broken", 0.1);
    f.start();
    assertNoScaleIn("broken", "Graphite answered 500");
  }

  @Test
  void graphiteRefusingConnectionsScalesNothingIn() {
    f.app("refused", 5, "");
    f.write("refused", 0.1);
    f.set("pacer.autoscaler.graphite.url", "http://127.0.0.1:" + Ports.free());
    f.start();
    assertNoScaleIn("refused", "Graphite did not answer: connection refused");
  }

  @Test
  void aDeploymentInFlightBlocksScaling() {
    f.app("busy", 3, "");
    f.write("busy", 0.95);
    f.marathon.deploymentOutcome(Outcome.STUCK);
    // someone's deployment that does not end
    f.marathon.interleaveBeforeNext(
        "GET", "/v2/apps", f.id("busy"), new JsonObject().put("cmd", "x"));
    f.start();
    cycles(4);
    assertThat(f.scalePuts("busy")).isEmpty();
    JsonObject state = f.appState("busy");
    assertThat(state.getString("hold")).isEqualTo("deploying");
  }

  @Test
  void a409IsNotForcedAndIsRetriedNextCycle() {
    f.app("locked", 3, "");
    f.write("locked", 0.95);
    f.marathon.deploymentDuration(Duration.ofSeconds(2));
    // between Pacer's listing and its PUT, someone else deploys the app: the PUT meets a lock
    f.marathon.interleaveBeforeNext(
        "PUT", "/v2/apps" + f.id("locked"), f.id("locked"), new JsonObject().put("cmd", "y"));
    f.start();
    await()
        .atMost(WAIT)
        .until(
            () ->
                f.events("locked", EventTypes.SCALE_HELD).stream()
                    .anyMatch(e -> "locked".equals(e.data().get("hold"))));
    await().atMost(WAIT).until(() -> f.instances("locked") > 3);
    assertThat(f.puts("locked")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(f.puts("locked")).allSatisfy(r -> assertThat(r.query()).isEqualTo("force=false"));
  }

  @Test
  void aRestartInsideTheCooldownStillHonoursIt() {
    f.app("cool", 2, "scaleDownCooldown = 900, maxInstances = 4"); // a later key wins in HOCON
    f.write("cool", 0.95);
    f.start();
    await().atMost(WAIT).until(() -> f.instances("cool") == 4);
    f.stop();
    Instant scaled = Instant.parse(f.versionInfo("cool").getString("lastScalingAt"));
    f.write("cool", 0.05);
    f.actions.clear();
    f.start(); // a new process: nothing remembered but what Marathon says
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(f.events("cool", EventTypes.SCALE_HELD))
                    .anySatisfy(
                        e -> {
                          assertThat(e.data().get("reason").toString())
                              .endsWith("waits for the cooldown until " + scaled.plusSeconds(900));
                          // the inputs, for the journal: the deadline, the metric, the band
                          assertThat(e.data())
                              .containsEntry(
                                  "down-cooldown-until", scaled.plusSeconds(900).toString())
                              .containsEntry("value", 0.05)
                              .containsEntry("down", 0.4)
                              .containsEntry("up", 0.7)
                              .doesNotContainKey("paused");
                        }));
    assertThat(f.scalePuts("cool")).containsExactly(4);
  }

  @Test
  void eachInvalidLabelKindIsSkippedWithItsReasonWhileOthersScale() {
    String ok = "graphite = { target = a, down = 0.4, up = 0.7 }";
    f.appWithLabel(
        "min-over-max", 3, "{ minInstances = 5, maxInstances = 2, cooldown = 0, " + ok + " }");
    f.appWithLabel(
        "down-over-up",
        3,
        "{ minInstances = 1, maxInstances = 5, cooldown = 0, graphite = { target = a, down = 0.8, up = 0.7 } }");
    f.appWithLabel(
        "negative-cooldown",
        3,
        "{ minInstances = 1, maxInstances = 5, cooldown = -1, " + ok + " }");
    f.appWithLabel(
        "empty-target",
        3,
        "{ minInstances = 1, maxInstances = 5, cooldown = 0, graphite = { target = \"\", down = 0.4, up = 0.7 } }");
    f.appWithLabel("bad-syntax", 3, "{ minInstances = 1, maxInstances = ");
    f.app("good", 2, "");
    f.write("good", 0.9);
    f.start();
    await().atMost(WAIT).until(() -> f.instances("good") > 2);
    JsonObject skipped = f.status().getJsonObject("autoscaler").getJsonObject("skipped");
    assertThat(skipped.getString(f.id("min-over-max")))
        .contains("minInstances (5) is greater than maxInstances (2)");
    assertThat(skipped.getString(f.id("down-over-up")))
        .contains("graphite.down (0.8) must be below graphite.up (0.7)");
    assertThat(skipped.getString(f.id("negative-cooldown")))
        .contains("cooldown must not be negative");
    assertThat(skipped.getString(f.id("empty-target"))).contains("graphite.target is empty");
    assertThat(skipped.getString(f.id("bad-syntax"))).contains("not a HOCON object");
    cycles(2);
    for (String bad :
        new String[] {
          "min-over-max", "down-over-up", "negative-cooldown", "empty-target", "bad-syntax"
        }) {
      assertThat(f.events(bad, EventTypes.AUTOSCALE_LABEL_INVALID)).as(bad).hasSize(1);
      assertThat(f.puts(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void aDryRunLabelDecidesAndPublishesButChangesNothing() {
    f.app("dry", 2, "dryRun = true");
    f.write("dry", 0.9);
    f.start();
    await().atMost(WAIT).until(() -> !f.events("dry", EventTypes.SCALE_DRY_RUN).isEmpty());
    assertThat(f.events("dry", EventTypes.SCALE_DRY_RUN).get(0).data()).containsEntry("to", 4);
    assertThat(f.puts("dry")).isEmpty();
  }
}

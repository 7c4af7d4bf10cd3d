package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testsupport.PacerHarness;
import dev.pacer.testsupport.PacerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pacer pause}, {@code resume} and {@code status}, run as a user runs them, against a
 * running autoscaler that reads a real Graphite and scales apps in the Marathon simulator.
 */
class PauseCliIT {
  static final String TOKEN = "runbook-token";
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path stateDir;
  Vertx vertx;
  Graphite graphite;
  MarathonSimulator marathon;
  PacerHarness pacer;
  String url;

  @BeforeEach
  void start() {
    graphite = Graphite.start();
    vertx = Vertx.vertx();
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    for (String app : new String[] {"web", "api"}) {
      marathon.seedApp(
          AppDefinitions.docker(
              "/cli/" + app,
              "acme/" + app + ":1",
              2,
              new JsonObject()
                  .put(
                      "autoscale",
                      "{ minInstances = 2, maxInstances = 6, cooldown = 0, window = 30s,"
                          + " aggregation = last, graphite = { target ="
                          + " mesos.marathon.${id}.cpu_util, down = 0.4, up = 0.7 } }")));
    }
    Map<String, String> o = new HashMap<>(Daemons.only("autoscaler"));
    o.putAll(PacerSettings.autoscaling(graphite.url(), stateDir, TOKEN));
    // a pool of the config (its agent-scaler runs elsewhere): pausable by name
    o.put("pacer.agent-scaler.pools", "{ scaling { attribute = \"pool:scaling\" } }");
    pacer = PacerHarness.start(marathon.url(), o, Daemons.ALL);
    url = pacer.url("");
  }

  @AfterEach
  void stop() {
    pacer.close();
    result(vertx.close());
    graphite.close();
  }

  record Run(int exit, String out, String err) {}

  /** {@code pacer args...}, its exit code and what it printed. */
  static Run pacer(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int exit = PacerLauncher.execute(args);
      return new Run(exit, withoutLogs(o), withoutLogs(e));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** What the command printed, without the log lines of the Pacer running in this JVM. */
  static String withoutLogs(ByteArrayOutputStream b) {
    return b.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  void hot(String app) {
    long now = Instant.now().getEpochSecond();
    String m = "mesos.marathon.cli." + app + ".cpu_util";
    graphite.sendLines(m + " 0.9 " + (now - 10) + "\n" + m + " 0.9 " + now + "\n");
  }

  int instances(String app) {
    return marathon.storedApp("/cli/" + app).getInteger("instances");
  }

  @Test
  void aRunbookPausesOneAppThenAllThenResumes() {
    Run paused =
        pacer(
            "pause",
            "--app",
            "/cli/web",
            "--for",
            "2h",
            "--reason",
            "incident 12",
            "--who",
            "ops",
            "--url",
            url,
            "--token",
            TOKEN);
    assertThat(paused.exit()).as(paused.err()).isZero();
    assertThat(paused.out()).startsWith("paused /cli/web until ").contains("(incident 12)");

    hot("web");
    hot("api");
    await().atMost(WAIT).until(() -> instances("api") > 2);
    assertThat(instances("web")).isEqualTo(2);

    Run status = pacer("status", "--json", "--url", url);
    assertThat(status.exit()).isZero();
    JsonObject s = new JsonObject(status.out());
    assertThat(s.getJsonArray("pauses").getJsonObject(0).getString("who")).isEqualTo("ops");
    assertThat(
            s.getJsonObject("autoscaler")
                .getJsonObject("app-states")
                .getJsonObject("/cli/web")
                .getString("hold"))
        .isEqualTo("paused");

    assertThat(pacer("pause", "--all", "--for", "1h", "--url", url, "--token", TOKEN).exit())
        .isZero();
    Run resumed = pacer("resume", "--app", "/cli/web", "--url", url, "--token", TOKEN);
    assertThat(resumed.out()).startsWith("resumed /cli/web");
    // the global pause still holds web
    long cyclesBefore = s.getJsonObject("autoscaler").getLong("cycles");
    await()
        .atMost(WAIT)
        .until(
            () ->
                new JsonObject(pacer("status", "--json", "--url", url).out())
                        .getJsonObject("autoscaler")
                        .getLong("cycles")
                    > cyclesBefore + 3);
    assertThat(instances("web")).isEqualTo(2);
    assertThat(pacer("resume", "--all", "--url", url, "--token", TOKEN).exit()).isZero();
    await().atMost(WAIT).until(() -> instances("web") > 2);
  }

  @Test
  void aPoolOfAgentsIsPausedAndResumedByName() {
    Run paused =
        pacer(
            "pause",
            "--pool",
            "scaling",
            "--for",
            "1h",
            "--reason",
            "AWS incident",
            "--url",
            url,
            "--token",
            TOKEN);
    assertThat(paused.exit()).as(paused.err()).isZero();
    assertThat(paused.out()).startsWith("paused pool:scaling until ").contains("(AWS incident)");
    JsonObject s = new JsonObject(pacer("status", "--json", "--url", url).out());
    assertThat(s.getJsonArray("pauses").getJsonObject(0).getString("scope"))
        .isEqualTo("pool:scaling");
    Run both = pacer("pause", "--pool", "scaling", "--app", "/x", "--for", "1h", "--url", url);
    assertThat(both.exit()).isEqualTo(2);
    Run resumed = pacer("resume", "--pool", "scaling", "--url", url, "--token", TOKEN);
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.out()).startsWith("resumed pool:scaling");
  }

  @Test
  void aPauseOfAnAppOrPoolThatDoesNotExistIsRefusedAndNothingIsPaused() {
    Run app = pacer("pause", "--app", "/nope", "--for", "1h", "--url", url, "--token", TOKEN);
    assertThat(app.exit()).isEqualTo(1);
    assertThat(app.err()).contains("pause refused (400): no app /nope in Marathon");
    assertThat(app.out()).doesNotContain("paused");
    Run pool = pacer("pause", "--pool", "nopool", "--for", "1h", "--url", url, "--token", TOKEN);
    assertThat(pool.exit()).isEqualTo(1);
    assertThat(pool.err())
        .contains("pause refused (400): no pool nopool (pacer.agent-scaler.pools has [scaling])");
    assertThat(new JsonObject(pacer("status", "--json", "--url", url).out()).getJsonArray("pauses"))
        .isEmpty();
  }

  @Test
  void aPauseThatCannotBeStoredIsAnErrorAndClaimsNothing(@TempDir Path dir) throws Exception {
    // a state-dir that cannot be created, whoever runs the test (root included): its parent is a
    // file
    Path blocker = java.nio.file.Files.writeString(dir.resolve("blocker"), "not a directory");
    Map<String, String> o = new HashMap<>(Daemons.only("autoscaler"));
    o.put("pacer.marathon.urls", "[\"" + marathon.url() + "\"]");
    o.put("pacer.marathon.events.enabled", "false");
    o.put("pacer.http.host", "127.0.0.1");
    o.put("pacer.http.port", "0");
    o.put("pacer.admin.token", TOKEN);
    o.put("pacer.autoscaler.graphite.url", graphite.url());
    o.put("pacer.state-dir", blocker.resolve("state").toString());
    PacerProcess broken =
        PacerProcess.prepare(
            ConfigLoader.load(Optional.empty(), o), Daemons.ALL, Clock.systemUTC());
    result(broken.start());
    try {
      String brokenUrl = "http://127.0.0.1:" + broken.httpPort();
      Run all = pacer("pause", "--all", "--for", "1h", "--url", brokenUrl, "--token", TOKEN);
      assertThat(all.exit()).isEqualTo(1);
      assertThat(all.out()).doesNotContain("paused");
      assertThat(all.err())
          .contains(
              "pause refused (503): pause not recorded: not saved to " + blocker.resolve("state"))
          .contains("check pacer.state-dir");
      assertThat(
              new JsonObject(pacer("status", "--json", "--url", brokenUrl).out())
                  .getJsonArray("pauses"))
          .isEmpty();
      assertThat(broken.runtime().pauses().covering("/cli/web", java.time.Instant.now())).isEmpty();
    } finally {
      result(broken.stop());
    }
  }

  @Test
  void mistakesGiveAClearMessageAndANonZeroExit() {
    Run noToken = pacer("pause", "--all", "--for", "1h", "--url", url, "--token", "wrong");
    assertThat(noToken.exit()).isEqualTo(1);
    assertThat(noToken.err()).contains("pause refused (401): wrong admin token");
    Run tooLong = pacer("pause", "--all", "--for", "3d", "--url", url, "--token", TOKEN);
    assertThat(tooLong.exit()).isEqualTo(1);
    assertThat(tooLong.err()).contains("for: 3d is longer than the cap of 1d");
    Run noFor = pacer("pause", "--app", "/cli/web", "--url", url, "--token", TOKEN);
    assertThat(noFor.exit()).isEqualTo(2);
    assertThat(noFor.err()).contains("Missing required option: '--for=DURATION'");
    Run both = pacer("pause", "--app", "/x", "--all", "--for", "1h", "--url", url);
    assertThat(both.exit()).isEqualTo(2);
    Run nothing = pacer("resume", "--app", "/cli/api", "--url", url, "--token", TOKEN);
    assertThat(nothing.exit()).isEqualTo(1);
    assertThat(nothing.err()).contains("no pause for /cli/api");
    Run down = pacer("status", "--url", "http://127.0.0.1:1");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err()).startsWith("pacer: cannot reach http://127.0.0.1:1");
  }

  @Test
  void explainSaysWhyAnAppIsAtItsCountWhetherItIsPausedAndWhatBecameOfAPush() {
    hot("api");
    // 2 × 0.9 / 0.55 → 4, then 4 × 0.9 / 0.55 → 7, held at max 6
    await().atMost(WAIT).until(() -> instances("api") == 6);
    assertThat(
            pacer(
                    "pause",
                    "--app",
                    "/cli/api",
                    "--for",
                    "1h",
                    "--reason",
                    "load test",
                    "--who",
                    "ops",
                    "--url",
                    url,
                    "--token",
                    TOKEN)
                .exit())
        .isZero();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Run explained = pacer("explain", "/cli/api", "--zone", "UTC", "--url", url);
              assertThat(explained.exit()).as(explained.err()).isZero();
              assertThat(explained.out())
                  .containsPattern(
                      "/cli/api is at 6 instances \\(bounds 2–6\\), set at \\d\\d:\\d\\d:\\d\\d from 4"
                          + " because 0.9 is above up 0.7 \\(band 0.4–0.7\\)\\.")
                  .contains("It is paused by ops until ")
                  .contains("Recent decisions (newest first, UTC):")
                  .containsPattern("paused /cli/api until \\S+ by ops: load test")
                  .contains("scaled 4 → 6: 0.9 is above up 0.7 [0.9 in band 0.4–0.7, bounds 2–6]")
                  .contains("scaled 2 → 4: 0.9 is above up 0.7");
            });

    // a push that matched no app: the nearest pattern and where it stopped matching
    var rt = pacer.process().runtime();
    result(
        rt.backbone()
            .publish(
                dev.pacer.common.events.Topics.ACTIONS,
                "r.io/acme/web:2.0",
                dev.pacer.common.events.types.EventTypes.event(
                    "pacer/test",
                    "r.io/acme/web:2.0",
                    Instant.now(),
                    new dev.pacer.common.events.types.PushMatched(
                        "r.io/acme/web:2.0",
                        null,
                        java.util.List.of(),
                        java.util.List.of(
                            new dev.pacer.common.events.types.PushMatched.NearMiss(
                                "/cli/web", "acme/web:v*", "acme/web:2.0", 9))))));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(pacer("explain", "--image", "r.io/acme/web:2.0", "--url", url).out())
                    .contains(
                        "deployed nowhere: no app's autodeploy pattern matches it. The nearest is"
                            + " acme/web:v* (/cli/web): 'acme/web:2.0' stops matching at character"
                            + " 10 ('2')."));

    Run nothing = pacer("explain", "/cli/nope", "--url", url);
    assertThat(nothing.exit()).isZero();
    assertThat(nothing.out()).contains("/cli/nope: nothing decided yet");
    Run two = pacer("explain", "/cli/api", "--pool", "scaling", "--url", url);
    assertThat(two.exit()).isEqualTo(2);
    assertThat(two.err()).contains("name one of APP_ID, --pool NAME or --image REF");
    Run badZone = pacer("explain", "/cli/api", "--zone", "Mars/Base", "--url", url);
    assertThat(badZone.exit()).isEqualTo(2);
    assertThat(badZone.err()).contains("Mars/Base");
  }
}

package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.autodeployer.AutodeployerMain;
import dev.pacer.autodeployer.approve.SlackInteractions;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.slacknotifier.SlackNotifierMain;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testkit.slack.SlackInteraction;
import dev.pacer.testkit.slack.SlackMessageRecord;
import dev.pacer.testkit.slack.SlackSimulator;
import dev.pacer.testsupport.ManualScheduler;
import dev.pacer.testsupport.PacerHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals end to end, once per backbone: the autodeployer and the slack-notifier in one Pacer,
 * the real registry's pushes, the Marathon simulator, and the Slack simulator, whose Approve and
 * Reject buttons are clicked as Slack does (a signed {@code block_actions} request to {@code POST
 * /slack/interactions}).
 */
abstract class ApprovalsITBase {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Slack's documented example secret (request_signing_docs_example.json). */
  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  static final String ADMIN = "approvals-admin";
  static final String APP = "/acme/foo";

  @TempDir Path stateDir;
  final Vertx vertx = Vertx.vertx();
  final List<PacerEvent> actions = new CopyOnWriteArrayList<>();
  final String prefix = "it-approvals-" + UUID.randomUUID() + ".";
  MarathonSimulator marathon;
  SlackSimulator slack;
  DockerRegistry registry;
  PacerHarness pacer;
  ManualScheduler time;

  /** The backbone's settings. */
  abstract Map<String, String> backend();

  @AfterEach
  void close() {
    if (registry != null) {
      registry.close();
    }
    if (pacer != null) {
      pacer.close();
    }
    result(vertx.close());
  }

  /** The app with {@code label} as its autodeploy label, Pacer, then the registry. */
  void start(String label) {
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    marathon.seedApp(
        AppDefinitions.docker(
            APP, "acme/foo-service:master-0", 2, new JsonObject().put("autodeploy", label)));
    slack = result(SlackSimulator.start(vertx));
    startPacer();
    registry =
        DockerRegistry.start(
            pacer.url("/registry/events"), Map.of("Authorization", "Bearer hook"), false);
  }

  void startPacer() {
    Map<String, String> o = new HashMap<>(backend());
    o.putAll(
        Map.of(
            "pacer.autodeployer.webhook-token",
            "hook",
            "pacer.admin.token",
            ADMIN,
            "pacer.state-dir",
            stateDir.toString(),
            "pacer.kafka.topic-prefix",
            prefix,
            "pacer.slack.token",
            SlackSimulator.TOKEN,
            "pacer.slack.api-url",
            slack.apiUrl(),
            "pacer.slack.default-channel",
            "#deploys",
            "pacer.slack.min-interval",
            "50ms",
            "pacer.slack.signing-secret",
            SECRET));
    pacer =
        PacerHarness.start(
            marathon.url(),
            o,
            List.of(new AutodeployerMain(), new SlackNotifierMain()),
            actions,
            time);
  }

  String image() {
    return marathon
        .storedApp(APP)
        .getJsonObject("container")
        .getJsonObject("docker")
        .getString("image");
  }

  int puts() {
    return marathon.requests("PUT", "/v2/apps" + APP).size();
  }

  JsonArray approvals() {
    return new JsonObject(pacer.get("/approvals")).getJsonArray("approvals");
  }

  /** The approval message of {@code image} (the one non-reply message naming it). */
  SlackMessageRecord message(String image) {
    return slack.messages("#deploys").stream()
        .filter(
            m -> !m.isReply() && m.text().contains("Approval") && m.text().contains(image + " to "))
        .findFirst()
        .orElse(null);
  }

  static boolean hasButtons(SlackMessageRecord m) {
    return m.blocks().encode().contains(SlackInteractions.APPROVE);
  }

  long now() {
    return (time == null ? Instant.now() : time.now()).getEpochSecond();
  }

  URI interactions() {
    return URI.create(pacer.url(SlackInteractions.PATH));
  }

  int status(SlackInteraction i) throws Exception {
    return i.send(interactions()).statusCode();
  }

  int vote(String id, String vote, String who) {
    return pacer.post(
        "/approvals/" + id, "{\"vote\": \"" + vote + "\", \"who\": \"" + who + "\"}", ADMIN);
  }

  List<String> approvalStates() {
    return actions.stream()
        .filter(e -> e.type().equals("pacer.deploy.approval"))
        .map(e -> String.valueOf(e.data().get("state")))
        .toList();
  }

  @Test
  void aSignedSlackClickDeploysAndAForgedStaleUnsignedOrReplayedOneChangesNothing()
      throws Exception {
    start("{ image = \"acme/foo-service:master*\", approvals = 1 }");
    registry.push("acme/foo-service", "master-1");
    await().atMost(WAIT).until(() -> message(":master-1") != null);
    SlackMessageRecord asked = message(":master-1");
    assertThat(asked.text()).startsWith("Approval needed to deploy");
    assertThat(hasButtons(asked)).isTrue();
    assertThat(approvals()).hasSize(1);
    String id = approvals().getJsonObject(0).getString("id");
    // stored where pauses are, but not a pause: GET /approvals lists it, /status's pauses do not
    assertThat(pacer.status().getJsonArray("pauses").encode()).doesNotContain("approval:");
    assertThat(asked.blocks().encode()).contains("\"value\":\"" + id + "\"");

    SlackInteraction click =
        slack.click(asked.ts(), SlackInteractions.APPROVE, "U024BE7LH", "alice", SECRET, now());
    assertThat(status(click.signedWith("not-the-secret"))).isEqualTo(401);
    assertThat(status(click.at(SECRET, now() - 301))).isEqualTo(401);
    assertThat(status(click.at(SECRET, now() + 301))).isEqualTo(401);
    assertThat(status(new SlackInteraction(click.body(), null, null))).isEqualTo(401);
    // none of them voted, and nothing deployed
    assertThat(approvals().getJsonObject(0).getJsonArray("votes")).isEmpty();
    assertThat(puts()).isZero();

    assertThat(status(click)).isEqualTo(200);
    await().atMost(WAIT).until(() -> image().endsWith(":master-1"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              SlackMessageRecord done = message(":master-1");
              assertThat(done.ts()).isEqualTo(asked.ts()); // the same message, updated
              assertThat(done.text()).contains("approved");
              assertThat(done.everything()).contains("<@U024BE7LH>");
              assertThat(hasButtons(done)).isFalse();
            });
    await().atMost(WAIT).until(() -> approvals().isEmpty());
    // the same signed request again: refused, and nothing more happens
    assertThat(status(click)).isEqualTo(401);
    assertThat(puts()).isEqualTo(1);
    // the spy gets each event a moment after it was published
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(approvalStates()).containsExactly("pending", "pending", "approved"));
    // the store's approval and vote records are not pauses: Slack says nothing of them as such
    assertThat(slack.messages())
        .noneMatch(m -> m.everything().contains("approval:") || m.everything().contains("vote:"));
  }

  @Test
  void oneVoteEachANewerPushSupersedesAndARejectionQuarantines() {
    start("{ image = \"acme/foo-service:master*\", approvals = 2 }");
    registry.push("acme/foo-service", "master-1");
    await().atMost(WAIT).until(() -> approvals().size() == 1);
    String first = approvals().getJsonObject(0).getString("id");
    assertThat(vote(first, "approve", "alice")).isEqualTo(200);
    assertThat(vote(first, "approve", "alice")).isEqualTo(409); // one vote each
    assertThat(vote(first, "maybe", "bob")).isEqualTo(400);
    assertThat(vote("nosuchid", "approve", "bob")).isEqualTo(404);
    assertThat(approvals().getJsonObject(0).getInteger("approvals")).isEqualTo(1);
    await()
        .atMost(WAIT)
        .until(
            () -> message(":master-1") != null && message(":master-1").text().contains("1 of 2"));

    // a newer push supersedes the pending one; its message says so
    registry.push("acme/foo-service", "master-2");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(approvals()).hasSize(1);
              assertThat(approvals().getJsonObject(0).getString("image")).endsWith(":master-2");
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              SlackMessageRecord old = message(":master-1");
              assertThat(old.text()).contains("superseded by").contains(":master-2");
              assertThat(hasButtons(old)).isFalse();
            });
    assertThat(vote(first, "approve", "bob")).isEqualTo(410);

    // a rejection ends it: nothing deploys, and the image is quarantined for the app
    String second = approvals().getJsonObject(0).getString("id");
    assertThat(
            pacer.post(
                "/approvals/" + second,
                "{\"vote\": \"reject\", \"who\": \"bob\", \"reason\": \"not today\"}",
                ADMIN))
        .isEqualTo(200);
    await().atMost(WAIT).until(() -> approvals().isEmpty());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(message(":master-2").everything())
                    .contains("rejected")
                    .contains("not today")
                    .contains("quarantined"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(pacer.status().getJsonArray("pauses").encode())
                    .contains("quarantine:" + APP + "@"));
    assertThat(puts()).isZero();
    assertThat(image()).endsWith(":master-0");
    // the spy gets each event a moment after it was published
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(approvalStates()).containsSubsequence("superseded", "rejected"));
  }

  @Test
  void aPendingApprovalSurvivesARestartAndAVoteAfterItDeploys() {
    start("{ image = \"acme/foo-service:master*\", approvals = 1 }");
    registry.push("acme/foo-service", "master-1");
    await().atMost(WAIT).until(() -> approvals().size() == 1);
    await().atMost(WAIT).until(() -> message(":master-1") != null); // asked, and said
    JsonObject before = approvals().getJsonObject(0);
    pacer.close();
    pacer = null;
    startPacer(); // a new Pacer on the same state (the state file, or the control topic)
    JsonArray after = approvals();
    assertThat(after).hasSize(1);
    assertThat(after.getJsonObject(0).getString("id")).isEqualTo(before.getString("id"));
    assertThat(after.getJsonObject(0).getString("image")).isEqualTo(before.getString("image"));
    assertThat(vote(before.getString("id"), "approve", "carol")).isEqualTo(200);
    await().atMost(WAIT).until(() -> image().endsWith(":master-1"));
    await().atMost(WAIT).until(() -> approvals().isEmpty());
    assertThat(puts()).isEqualTo(1);
  }

  @Test
  void aDeadlinePassesAndThePendingPushIsDroppedWithAMessage() {
    time = new ManualScheduler(Instant.now());
    start("{ image = \"acme/foo-service:master*\", approvals = 1, approval-deadline = 10m }");
    registry.push("acme/foo-service", "master-1");
    await()
        .atMost(WAIT)
        .until(
            () -> {
              time.advance(Duration.ofMillis(100)); // Slack's pacing runs on the test's time
              return message(":master-1") != null;
            });
    assertThat(approvals().getJsonObject(0).getLong("expires-in-seconds")).isBetween(590L, 600L);
    time.advance(Duration.ofMinutes(10).plusSeconds(2));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              time.advance(Duration.ofMillis(100));
              SlackMessageRecord m = message(":master-1");
              assertThat(m.text()).contains("expired");
              assertThat(m.everything()).contains("no decision by its deadline");
              assertThat(hasButtons(m)).isFalse();
            });
    assertThat(approvals()).isEmpty();
    // the spy gets each event a moment after it was published
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(approvalStates()).containsExactly("pending", "expired"));
    assertThat(puts()).isZero();
    // the push is not asked again: its image is quarantined for the app
    assertThat(pacer.status().getJsonArray("pauses").encode()).contains("quarantine:" + APP + "@");
  }
}

package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.autodeployer.AutodeployerMain;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.slacknotifier.SlackNotifierMain;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.Outcome;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testkit.servers.KafkaBroker;
import dev.pacer.testkit.slack.SlackMessageRecord;
import dev.pacer.testkit.slack.SlackSimulator;
import dev.pacer.testsupport.ManualScheduler;
import dev.pacer.testsupport.PacerHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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

/**
 * The slack-notifier end to end: a real Docker registry notifies the autodeployer, which deploys on
 * the Marathon simulator; the notifier, in the same process, posts to the Slack simulator.
 */
class SlackNotifierIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String APP = "/acme/foo";

  final Vertx vertx = Vertx.vertx();
  final MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
  final SlackSimulator slack = result(SlackSimulator.start(vertx));
  final List<PacerEvent> actions = new CopyOnWriteArrayList<>();
  PacerHarness pacer;
  DockerRegistry registry;

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

  void start(Map<String, String> settings, String autodeploy) {
    start(settings, autodeploy, null);
  }

  /** On virtual time when {@code time} is given: Slack's retries wait until the test moves it. */
  void start(Map<String, String> settings, String autodeploy, ManualScheduler time) {
    marathon.seedApp(
        AppDefinitions.docker(
            APP,
            "acme/foo-service:master-0",
            2,
            new JsonObject().put("autodeploy", autodeploy).put("slack.channel", "#team-foo")));
    Map<String, String> o =
        new HashMap<>(
            Map.of(
                "pacer.autodeployer.webhook-token", "hook",
                "pacer.slack.api-url", slack.apiUrl(),
                "pacer.slack.default-channel", "#deploys",
                "pacer.slack.min-interval", "100ms",
                "pacer.slack.max-backoff", "2s"));
    o.putAll(settings);
    pacer =
        PacerHarness.start(
            marathon.url(),
            o,
            List.of(new AutodeployerMain(), new SlackNotifierMain()),
            actions,
            time);
    registry =
        DockerRegistry.start(
            pacer.url("/registry/events"), Map.of("Authorization", "Bearer hook"), false);
  }

  static Map<String, String> token() {
    return Map.of("pacer.slack.token", SlackSimulator.TOKEN);
  }

  String image() {
    return marathon
        .storedApp(APP)
        .getJsonObject("container")
        .getJsonObject("docker")
        .getString("image");
  }

  List<SlackMessageRecord> deployMessages() {
    return slack.messages("#team-foo").stream().filter(m -> !m.isReply()).toList();
  }

  List<String> thread(SlackMessageRecord parent) {
    return slack.messages().stream()
        .filter(m -> m.threadTs().equals(parent.ts()))
        .map(SlackMessageRecord::everything)
        .toList();
  }

  @Test
  void aPushIsOneMessageAndItsDeployOneMessageEndingSucceededWithTheDiffInItsThread() {
    start(token(), "acme/foo-service:master*");
    pushAndExpectOnePushMessageAndOneSucceededDeployWithItsDiff();
  }

  @Test
  void onTheKafkaBackboneToo() {
    Map<String, String> o = new HashMap<>(token());
    o.put("pacer.events.backend", "kafka");
    o.put("pacer.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers());
    o.put("pacer.kafka.topic-partitions", "2");
    o.put("pacer.kafka.group-prefix", "it-" + UUID.randomUUID());
    o.put("pacer.kafka.topic-prefix", "it-" + UUID.randomUUID() + ".");
    start(o, "acme/foo-service:master*");
    pushAndExpectOnePushMessageAndOneSucceededDeployWithItsDiff();
  }

  void pushAndExpectOnePushMessageAndOneSucceededDeployWithItsDiff() {
    registry.push("acme/foo-service", "master-abc");
    await().atMost(WAIT).until(() -> image().endsWith("acme/foo-service:master-abc"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(deployMessages())
                  .singleElement()
                  .satisfies(
                      m -> {
                        assertThat(m.text()).startsWith("Deployed " + APP + " → ");
                        assertThat(m.history().get(0)).startsWith("Deploying " + APP);
                        assertThat(thread(m))
                            .anySatisfy(
                                r ->
                                    assertThat(r)
                                        .contains("Config diff")
                                        .contains("container.docker.image")
                                        .contains("master-0")
                                        .contains("master-abc"))
                            .anySatisfy(r -> assertThat(r).contains("succeeded"));
                      });
              assertThat(slack.messages("#deploys"))
                  .singleElement()
                  .satisfies(
                      push -> {
                        assertThat(push.text()).startsWith("Image pushed: ").contains("master-abc");
                        assertThat(push.everything()).contains("Deploying to").contains(APP);
                      });
            });
    assertThat(slack.violations()).isEmpty();
  }

  @Test
  void aFailedDeployEndsAsFailedThenRolledBackInTheSameMessage() {
    start(token(), "{ image = \"acme/foo-service:master*\", rollback = true }");
    marathon.deploymentOutcome(Outcome.FAILURE);
    registry.push("acme/foo-service", "master-bad");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(deployMessages())
                    .singleElement()
                    .satisfies(
                        m -> {
                          assertThat(m.history())
                              .hasSize(3)
                              .satisfies(
                                  h -> assertThat(h.get(0)).startsWith("Deploying " + APP),
                                  h -> assertThat(h.get(1)).startsWith("Deploy failed: " + APP))
                              .last()
                              .satisfies(
                                  t ->
                                      assertThat(t)
                                          .startsWith("Rolled back " + APP + " to ")
                                          .endsWith("master-0"));
                          assertThat(m.everything()).contains("Abnormal executor termination");
                          assertThat(thread(m))
                              .anySatisfy(r -> assertThat(r).contains("failed"))
                              .anySatisfy(r -> assertThat(r).contains("rolled back to"));
                        }));
    assertThat(slack.violations()).isEmpty();
  }

  /** Slack down for a minute of virtual time: its retries back off, then all is posted. */
  @Test
  void slackDownForAMinuteDelaysNoDeployAndItsMessagesArriveAfterwards() {
    ManualScheduler time = new ManualScheduler(Instant.now());
    start(token(), "acme/foo-service:master*", time);
    slack.down(true);
    Instant pushed = Instant.now();
    registry.push("acme/foo-service", "master-1");
    await().atMost(WAIT).until(() -> image().endsWith("acme/foo-service:master-1"));
    Duration pushToDeploy = Duration.between(pushed, Instant.now());
    await()
        .atMost(WAIT)
        .until(() -> actions.stream().anyMatch(e -> e.type().equals("pacer.deploy.succeeded")));
    // the deploy went through while Slack answered nothing but 503s
    await().atMost(WAIT).until(() -> slack.calls().stream().anyMatch(c -> c.endsWith("down")));
    assertThat(slack.messages()).isEmpty();
    assertThat(pushToDeploy).isLessThan(Duration.ofSeconds(10));
    // a minute passes, Slack still down: the queue backs off (at most 2 s here) and keeps trying
    int callsBefore = slack.calls().size();
    for (int s = 0; s < 60; s++) {
      time.advance(Duration.ofSeconds(1));
    }
    await().atMost(WAIT).until(() -> slack.calls().size() > callsBefore);
    assertThat(slack.messages()).isEmpty();
    slack.down(false);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              time.advance(Duration.ofSeconds(1));
              assertThat(deployMessages())
                  .singleElement()
                  .satisfies(m -> assertThat(m.text()).startsWith("Deployed " + APP));
              assertThat(slack.messages("#deploys")).hasSize(1);
            });
  }

  @Test
  void webhookModePostsAMessagePerStateChange() {
    start(Map.of("pacer.slack.webhook-url", slack.webhookUrl()), "acme/foo-service:master*");
    registry.push("acme/foo-service", "master-w");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(slack.messages())
                    .allSatisfy(m -> assertThat(m.webhook()).isNotEmpty())
                    .extracting(SlackMessageRecord::text)
                    .anySatisfy(t -> assertThat(t).startsWith("Image pushed: "))
                    .anySatisfy(t -> assertThat(t).startsWith("Deploying " + APP))
                    .anySatisfy(t -> assertThat(t).startsWith("Config diff of " + APP))
                    .anySatisfy(t -> assertThat(t).startsWith("Deployed " + APP)));
    assertThat(slack.messages()).allSatisfy(m -> assertThat(m.updates()).isZero());
    assertThat(slack.messages())
        .filteredOn(m -> m.text().startsWith("Image pushed: "))
        .as("one push message: a webhook cannot update it")
        .hasSize(1);
    assertThat(slack.violations()).isEmpty();
  }
}

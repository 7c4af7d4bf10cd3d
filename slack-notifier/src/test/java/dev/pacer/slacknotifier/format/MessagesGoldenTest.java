package dev.pacer.slacknotifier.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.slack.BlockKitLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message kind, rendered from fixed events and compared with the JSON checked in under {@code
 * src/test/resources/golden}; each is also held to Slack's limits by the testkit's own checker.
 * After an intended change: {@code mvn -pl slack-notifier test -Dgolden.update=true}, then review
 * the diff of the golden files.
 */
class MessagesGoldenTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final Path GOLDEN = Path.of("src/test/resources/golden");

  static PacerEvent event(String type, String subject, Map<String, Object> data) {
    return new PacerEvent("ev-1", "pacer/test", type, subject, T0, data);
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static final PacerEvent PUSH =
      event(
          "pacer.registry.push",
          "acme/foo-service",
          map(
              "source", "registry",
              "host", "registry.example.com:5000",
              "repository", "acme/foo-service",
              "tag", "master-abc",
              "digest", "sha256:4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445566778899",
              "pushed-at", "2026-11-22T09:59:58Z"));

  static final DeployView STARTED =
      DeployView.started(
          "/prod/foo",
          "registry.example.com:5000/acme/foo-service:master-abc",
          "registry.example.com:5000/acme/foo-service:master-9",
          "5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43",
          "push of acme/foo-service:master-abc",
          T0,
          false);

  static Map<String, Object> scale(int from, int to, double value) {
    return map(
        "instances",
        from,
        "min",
        2,
        "max",
        10,
        "target",
        "mesos.marathon.prod.web.cpu_util",
        "down",
        0.4,
        "up",
        0.7,
        "value",
        value,
        "reason",
        "0.82 above 0.7: aim at the band's middle",
        "to",
        to,
        "deployment-id",
        "d-1");
  }

  static Stream<Arguments> kinds() {
    PacerEvent held =
        event(
            "pacer.scale.held",
            "/prod/web",
            map(
                "instances",
                3,
                "min",
                2,
                "max",
                10,
                "reason",
                "no data: series is stale",
                "hold",
                "no_data"));
    return Stream.of(
        Arguments.of("push", Messages.imagePushed(PUSH, List.of())),
        Arguments.of(
            "push-deploying", Messages.imagePushed(PUSH, List.of("/prod/foo", "/prod/foo-worker"))),
        Arguments.of("deploy-started", Messages.deploy(STARTED)),
        Arguments.of("deploy-succeeded", Messages.deploy(STARTED.succeeded(T0.plusSeconds(42)))),
        Arguments.of(
            "deploy-failed",
            Messages.deploy(
                STARTED.failed(
                    T0.plusSeconds(65),
                    "deployment_failed: RestartApplication did not finish",
                    "TASK_FAILED on agent-1.sim at 2026-11-22T10:01:04Z: Abnormal executor termination"))),
        Arguments.of(
            "deploy-rolled-back",
            Messages.deploy(
                STARTED
                    .failed(T0.plusSeconds(65), "deployment_failed", "")
                    .rolledBack("put the previous image back (deployment 9a1)"))),
        Arguments.of("deploy-step", Messages.step("/prod/foo", "succeeded in 42 s")),
        Arguments.of(
            "approval-pending",
            ApprovalMessage.of(
                ApprovalMessageTest.event(
                    "pending",
                    java.util.List.of(
                        new dev.pacer.common.events.types.DeployApproval.Vote(
                            "U024BE7LH", "alice", "approve", "slack", T0, "")),
                    "reg.acme.dev/shop/web:2.4.1 matches shop/web:*"))),
        Arguments.of(
            "approval-expired",
            ApprovalMessage.of(
                ApprovalMessageTest.event(
                    "expired",
                    java.util.List.of(),
                    "no decision by its deadline 2026-12-05T10:00:00Z (0 of 2)"))),
        Arguments.of(
            "deploy-held",
            Messages.deployHeld(
                event(
                    "pacer.deploy.held",
                    "/prod/foo",
                    map(
                        "image",
                        "registry.acme.dev/prod/foo:2.4.1",
                        "previous-image",
                        "registry.acme.dev/prod/foo:2.4.0",
                        "reason",
                        "deploys frozen by alice until 2026-11-22T12:00:00Z: release freeze",
                        "freeze",
                        "deploys frozen by alice until 2026-11-22T12:00:00Z: release freeze")))),
        Arguments.of(
            "deploy-dry-run",
            Messages.deployDryRun(
                event(
                    "pacer.deploy.dry_run",
                    "/prod/foo",
                    map(
                        "image",
                        "registry.acme.dev/prod/foo:2.4.1",
                        "previous-image",
                        "registry.acme.dev/prod/foo:2.4.0",
                        "reason",
                        "registry.acme.dev/prod/foo:2.4.1 matches prod/foo:*")))),
        Arguments.of(
            "quarantined",
            Messages.control(
                event(
                    "pacer.control.paused",
                    "quarantine:/prod/foo@sha256:" + "ab".repeat(32),
                    map(
                        "scope",
                        "quarantine:/prod/foo@sha256:" + "ab".repeat(32),
                        "at",
                        "2026-11-22T10:00:00Z",
                        "until",
                        "2126-11-22T10:00:00Z",
                        "reason",
                        "rolled back from registry.acme.dev/prod/foo:2.4.1 (deployment_failed)",
                        "who",
                        "pacer-autodeployer")))),
        Arguments.of(
            "quarantine-lifted",
            Messages.control(
                event(
                    "pacer.control.resumed",
                    "quarantine:/prod/foo@sha256:" + "ab".repeat(32),
                    map(
                        "scope",
                        "quarantine:/prod/foo@sha256:" + "ab".repeat(32),
                        "at",
                        "2026-11-22T10:00:00Z",
                        "until",
                        "2126-11-22T10:00:00Z",
                        "reason",
                        "rolled back",
                        "who",
                        "pacer-autodeployer",
                        "resumed-by",
                        "bob",
                        "resume-reason",
                        "the database was down")))),
        Arguments.of(
            "frozen",
            Messages.control(
                event(
                    "pacer.control.paused",
                    "deploys:/prod/foo",
                    map(
                        "scope",
                        "deploys:/prod/foo",
                        "at",
                        "2026-11-22T10:00:00Z",
                        "until",
                        "2026-11-22T12:00:00Z",
                        "reason",
                        "release freeze",
                        "who",
                        "alice")))),
        Arguments.of(
            "config-diff",
            ConfigDiff.render(
                "/prod/foo",
                "2026-11-22T09:00:00.000Z",
                "2026-11-22T10:00:00.000Z",
                ConfigDiff.between(
                    tree(
                        "{\"id\":\"/prod/foo\",\"cpus\":0.5,\"env\":{\"LOG\":\"info\"},"
                            + "\"container\":{\"docker\":{\"image\":\"acme/foo:1\"}},"
                            + "\"labels\":{\"pacer.image-digest\":\"sha256:1\"},\"version\":\"a\"}"),
                    tree(
                        "{\"id\":\"/prod/foo\",\"cpus\":1,\"env\":{\"LOG\":\"debug\",\"NEW\":\"x\"},"
                            + "\"container\":{\"docker\":{\"image\":\"acme/foo:2\"}},"
                            + "\"labels\":{\"pacer.image-digest\":\"sha256:2\"},\"version\":\"b\"}")))),
        Arguments.of(
            "scale-up",
            Messages.scaled(event("pacer.scale.applied", "/prod/web", scale(3, 5, 0.82)))),
        Arguments.of(
            "scale-down",
            Messages.scaled(event("pacer.scale.applied", "/prod/web", scale(5, 2, 0.1)))),
        Arguments.of(
            "scale-dry-run",
            Messages.scaled(
                event(
                    "pacer.scale.dry_run",
                    "/prod/web",
                    withEntry(scale(3, 5, 0.82), "dry-run", "label dryRun")))),
        Arguments.of("scale-held", Messages.held(held)),
        Arguments.of(
            "scale-summary",
            Messages.scaleSummary(
                List.of(
                    event("pacer.scale.applied", "/prod/web", scale(3, 5, 0.82)),
                    event("pacer.scale.applied", "/prod/api", scale(4, 3, 0.2)),
                    held),
                Duration.ofSeconds(10))),
        Arguments.of(
            "paused",
            Messages.control(
                event(
                    "pacer.control.paused",
                    "/prod/web",
                    map(
                        "scope",
                        "/prod/web",
                        "at",
                        "2026-11-22T10:00:00Z",
                        "until",
                        "2026-11-22T11:00:00Z",
                        "reason",
                        "incident 4711",
                        "who",
                        "alice")))),
        Arguments.of(
            "resumed",
            Messages.control(
                event(
                    "pacer.control.resumed",
                    "global",
                    map(
                        "scope",
                        "global",
                        "at",
                        "2026-11-22T10:00:00Z",
                        "until",
                        "2026-11-22T11:00:00Z",
                        "reason",
                        "incident 4711",
                        "who",
                        "alice",
                        "resumed-by",
                        "bob",
                        "resume-reason",
                        "fixed")))),
        Arguments.of(
            "expired",
            Messages.control(
                event(
                    "pacer.control.expired",
                    "global",
                    map(
                        "scope",
                        "global",
                        "at",
                        "2026-11-22T10:00:00Z",
                        "until",
                        "2026-11-22T11:00:00Z",
                        "reason",
                        "load test",
                        "who",
                        "carol")))),
        Arguments.of(
            "label-invalid",
            Messages.labelInvalid(
                event(
                    "pacer.autoscale.label_invalid",
                    "/prod/web",
                    map(
                        "reason",
                        "autoscale.minInstances: must be at least 1, got 0 <oops> & more")))),
        Arguments.of(
            "agents",
            Messages.agents(
                event(
                    "pacer.agents.scaled_up",
                    "scaling",
                    // the inputs are the journal's, not the message's: the golden file has none
                    map(
                        "from",
                        4,
                        "to",
                        6,
                        "reason",
                        "cpus 0.12 free < 0.20",
                        "inputs",
                        Map.of("free-cpus", 0.12, "considered", List.of()))))),
        Arguments.of(
            "dropped", Messages.dropped(7, Map.of("image pushes", 5, "scale actions", 2))));
  }

  private static Map<String, Object> withEntry(Map<String, Object> m, String k, Object v) {
    m.put(k, v);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(String json) {
    return (Map<String, Object>) unwrap(new JsonObject(json));
  }

  private static Object unwrap(Object o) {
    if (o instanceof JsonObject j) {
      Map<String, Object> m = new LinkedHashMap<>();
      j.forEach(e -> m.put(e.getKey(), unwrap(e.getValue())));
      return m;
    }
    if (o instanceof JsonArray a) {
      return a.stream().map(MessagesGoldenTest::unwrap).toList();
    }
    return o;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void rendersAsTheGoldenFileSaysAndWithinSlacksLimits(String name, SlackMessage m)
      throws IOException {
    String json = m.toPrettyJson() + "\n";
    Path file = GOLDEN.resolve(name + ".json");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, json, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file (create it with -Dgolden.update=true)").exists();
    assertThat(json).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    JsonObject payload = new JsonObject(json);
    assertThat(BlockKitLimits.check(payload.getString("text"), payload.getJsonArray("blocks")))
        .isEmpty();
  }
}

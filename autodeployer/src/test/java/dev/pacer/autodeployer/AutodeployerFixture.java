package dev.pacer.autodeployer;

import static dev.pacer.testkit.Await.result;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testsupport.ManualScheduler;
import dev.pacer.testsupport.PacerHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The autodeployer alone in a Pacer process, against the Marathon simulator, with a real Docker
 * registry whose notifications go to the webhook. Every test gets its own, so nothing leaks.
 */
final class AutodeployerFixture implements AutoCloseable {
  static final String TOKEN = "webhook-secret";

  final Vertx vertx = Vertx.vertx();
  final MarathonSimulator marathon;
  final PacerHarness pacer;
  final DockerRegistry registry;
  final List<PacerEvent> actions;

  /** Seeds {@code apps} first: the autodeployer reads them when it starts. */
  AutodeployerFixture(Map<String, String> overrides, JsonObject... apps) {
    this(null, overrides, apps);
  }

  /** On virtual time when {@code time} is given: the lanes' waits fire as the test moves it. */
  AutodeployerFixture(ManualScheduler time, Map<String, String> overrides, JsonObject... apps) {
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    for (JsonObject a : apps) {
      marathon.seedApp(a);
    }
    Map<String, String> o =
        new HashMap<>(
            Map.of(
                "pacer.autodeployer.webhook-token",
                TOKEN,
                "pacer.marathon.events.reconnect-backoff",
                "50ms"));
    o.putAll(overrides);
    pacer =
        PacerHarness.start(
            marathon.url(),
            o,
            List.of(new AutodeployerMain()),
            new java.util.concurrent.CopyOnWriteArrayList<>(),
            time);
    actions = pacer.actions;
    registry =
        DockerRegistry.start(webhookUrl(), Map.of("Authorization", "Bearer " + TOKEN), false);
  }

  String webhookUrl() {
    return pacer.url("/registry/events");
  }

  int port() {
    return pacer.port();
  }

  /** {@code /acme/foo} at {@code acme/foo-service:master-0}, autodeploying {@code master*}. */
  static JsonObject foo() {
    return app("/acme/foo", "acme/foo-service:master-0", 2, "acme/foo-service:master*");
  }

  /** An app with a Docker container holding port mappings and a volume, as a real one would. */
  static JsonObject app(String id, String image, int instances, String autodeploy) {
    return AppDefinitions.docker(
        id, image, instances, new JsonObject().put("autodeploy", autodeploy).put("team", "core"));
  }

  String image(String appId) {
    return marathon
        .storedApp(appId)
        .getJsonObject("container")
        .getJsonObject("docker")
        .getString("image");
  }

  List<RecordedRequest> puts(String appId) {
    return marathon.requests("PUT", "/v2/apps" + appId).stream()
        .filter(r -> r.path().equals("/v2/apps" + appId))
        .toList();
  }

  List<String> actionTypes(String appId) {
    return pacer.actionTypes(appId);
  }

  /** The autodeployer's part of {@code /status}. */
  JsonObject status() {
    return pacer.status().getJsonObject("autodeployer");
  }

  /** One app's lane in {@code /status} (empty before the app saw a push). */
  JsonObject lane(String appId) {
    JsonObject a = status().getJsonObject("apps").getJsonObject(appId);
    return a == null ? new JsonObject() : a;
  }

  /** What Pacer and the simulator saw, for a failed wait's message. */
  String diagnostics(String appId) {
    StringBuilder b = new StringBuilder();
    try {
      for (String path : List.of("/status", "/metrics")) {
        String body = pacer.get(path);
        if (path.equals("/metrics")) {
          body =
              body.lines()
                  .filter(l -> l.startsWith("pacer_autodeployer") || l.startsWith("pacer_events"))
                  .collect(java.util.stream.Collectors.joining("\n"));
        }
        b.append(path).append(": ").append(body).append('\n');
      }
    } catch (RuntimeException e) {
      b.append("admin API: ").append(e).append('\n');
    }
    b.append("marathon requests:\n");
    marathon
        .requests()
        .forEach(
            r ->
                b.append("  ")
                    .append(r.method())
                    .append(' ')
                    .append(r.path())
                    .append('?')
                    .append(r.query())
                    .append('\n'));
    b.append("actions for ").append(appId).append(": ").append(actionTypes(appId)).append('\n');
    b.append("stored app: ").append(marathon.storedApp(appId)).append('\n');
    return b.toString();
  }

  @Override
  public void close() {
    registry.close();
    pacer.close();
    result(vertx.close());
  }
}

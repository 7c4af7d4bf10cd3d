package dev.pacer.autoscaler;

import static dev.pacer.testkit.Await.result;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testsupport.ManualScheduler;
import dev.pacer.testsupport.PacerHarness;
import dev.pacer.testsupport.PacerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The autoscaler in a Pacer process ({@link PacerHarness}; local backbone, a cycle every 300 ms)
 * against the Marathon simulator and a real Graphite the test class shares. App ids get a prefix of
 * their own ({@link #id}), so their metrics never meet another test's in the shared Graphite.
 */
final class AutoscalerFixture implements AutoCloseable {
  ManualScheduler time;
  final Vertx vertx = Vertx.vertx();
  final MarathonSimulator marathon;
  final Graphite graphite;
  final String prefix = "it" + UUID.randomUUID().toString().substring(0, 8);
  final List<PacerEvent> actions = new CopyOnWriteArrayList<>();
  final Map<String, String> settings = new HashMap<>();
  final Path stateDir;
  PacerHarness pacer;

  AutoscalerFixture(Graphite graphite, Path stateDir) {
    this.graphite = graphite;
    this.stateDir = stateDir;
    this.marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
  }

  /** {@code /<prefix>/<name>}. */
  String id(String name) {
    return "/" + prefix + "/" + name;
  }

  /** The Graphite path the seed's target gives app {@code name}. */
  String metric(String name) {
    return "mesos.marathon." + prefix + "." + name + ".cpu_util";
  }

  /** A labelled app; {@code extra} goes inside the label's braces. */
  void app(String name, int instances, String extra) {
    String label =
        "{ minInstances = 2, maxInstances = 6, cooldown = 0, window = 30s, aggregation = last, "
            + "graphite = { target = \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 }"
            + (extra.isEmpty() ? "" : ", " + extra)
            + " }";
    appWithLabel(name, instances, label);
  }

  void appWithLabel(String name, int instances, String label) {
    marathon.seedApp(
        AppDefinitions.docker(
            id(name), "acme/" + name + ":1", instances, new JsonObject().put("autoscale", label)));
  }

  /**
   * Writes {@code value} at now and 10 s before (Graphite's resolution here), and waits until
   * graphite-web serves it.
   */
  void write(String name, double value) {
    long now = Instant.now().getEpochSecond();
    String m = metric(name);
    graphite.sendLines(
        m + " " + value + " " + (now - 10) + "\n" + m + " " + value + " " + now + "\n");
    awaitInGraphite(name, value);
  }

  /** Writes one point at {@code epochSeconds} and waits until graphite-web serves it. */
  void writeAt(String name, double value, long epochSeconds) {
    graphite.send(metric(name), value, epochSeconds);
    awaitInGraphite(name, value);
  }

  private void awaitInGraphite(String name, double value) {
    graphite.awaitServed(metric(name), value, java.time.Duration.ofSeconds(30));
  }

  AutoscalerFixture set(String key, String value) {
    settings.put(key, value);
    return this;
  }

  void start() {
    start(null);
  }

  /** Starts on virtual time when {@code time} is given: cycles run as the test advances it. */
  void start(ManualScheduler time) {
    this.time = time;
    Map<String, String> o =
        new HashMap<>(PacerSettings.autoscaling(graphite.url(), stateDir, "admin-secret"));
    o.putAll(settings);
    pacer = PacerHarness.start(marathon.url(), o, List.of(new AutoscalerMain()), actions, time);
  }

  void stop() {
    pacer.close();
  }

  int instances(String name) {
    return marathon.storedApp(id(name)).getInteger("instances");
  }

  JsonObject versionInfo(String name) {
    return marathon.storedApp(id(name)).getJsonObject("versionInfo");
  }

  /** The instance counts Pacer PUT for app {@code name}, in order. */
  List<Integer> scalePuts(String name) {
    return marathon.requests("PUT", "/v2/apps" + id(name)).stream()
        .filter(r -> r.path().equals("/v2/apps" + id(name)))
        .map(r -> r.jsonBody().getInteger("instances"))
        .toList();
  }

  List<RecordedRequest> puts(String name) {
    return marathon.requests("PUT", "/v2/apps" + id(name)).stream()
        .filter(r -> r.path().equals("/v2/apps" + id(name)))
        .toList();
  }

  List<PacerEvent> events(String name, String type) {
    return actions.stream()
        .filter(e -> e.subject().equals(id(name)) && e.type().equals(type))
        .toList();
  }

  /** {@code POST path} with the admin token, as a runbook does; returns the status code. */
  int post(String path, String json) {
    return pacer.post(path, json, "admin-secret");
  }

  /** {@code GET /status}, as an operator reads it. */
  JsonObject status() {
    return pacer.status();
  }

  /** Cycles completed so far, from /status. */
  /**
   * On virtual time: moves it one interval (300 ms) ahead and waits for the cycle it started to
   * end.
   */
  void cycle() {
    long before = cycles();
    time.advance(Duration.ofMillis(300));
    await().atMost(Duration.ofSeconds(30)).until(() -> cycles() > before);
  }

  /** What {@code /status} says of the app {@code name}: its hold, reason, value. */
  JsonObject appState(String name) {
    return status().getJsonObject("autoscaler").getJsonObject("app-states").getJsonObject(id(name));
  }

  long cycles() {
    return status().getJsonObject("autoscaler").getLong("cycles", 0L);
  }

  @Override
  public void close() {
    if (pacer != null) {
      pacer.close();
    }
    result(vertx.close());
  }
}

package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testkit.servers.Ports;
import dev.pacer.testkit.servers.ZooKeeper;
import dev.pacer.testsupport.PacerJar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two autoscaler replicas ({@code pacer.jar autoscaler}, as users run them) against a real
 * ZooKeeper, a real Graphite and the Marathon simulator. One app is always above its band, so the
 * leader scales it up every cycle: the simulator's request log says, by User-Agent, which replica
 * made each change.
 */
class HaIT {
  private static final String APP = "/ha/web";
  private static final String TOKEN = "ha-token";
  @TempDir Path dir;
  ZooKeeper zk;
  Graphite graphite;
  Vertx vertx;
  MarathonSimulator marathon;
  final Map<String, Process> replicas = new TreeMap<>();
  final Map<String, Integer> ports = new TreeMap<>();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    zk = ZooKeeper.start();
    graphite = Graphite.start();
    vertx = Vertx.vertx();
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    marathon.deploymentDuration(Duration.ofMillis(20));
    marathon.seedApp(
        AppDefinitions.docker(
            APP,
            "acme/web:1",
            1,
            new JsonObject()
                .put(
                    "autoscale",
                    "{ minInstances = 1, maxInstances = 1000, maxStepUp = 1, cooldown = 0, window = 5m,"
                        + " aggregation = last, graphite = { target = ha.${id}.cpu,"
                        + " down = 0.1, up = 0.5 } }")));
    long now = Instant.now().getEpochSecond();
    graphite.sendLines("ha.ha.web.cpu 0.9 " + (now - 10) + "\nha.ha.web.cpu 0.9 " + now + "\n");
    graphite.awaitServed("ha.ha.web.cpu", 0.9, Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws InterruptedException, IOException {
    for (Process p : replicas.values()) {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    // What each replica said about leadership and what went wrong, for a failure's report.
    for (String id : replicas.keySet()) {
      try (var lines = Files.lines(dir.resolve(id + ".log"))) {
        lines
            .filter(
                l ->
                    l.contains("ha:")
                        || l.contains("pacer.scale.")
                        || l.contains(" WARN ")
                        || l.contains(" ERROR "))
            .filter(l -> !l.contains("cycle skipped"))
            .limit(30)
            .forEach(l -> System.out.println("ha-it " + id + ": " + l));
      }
    }
    result(vertx.close());
    graphite.close();
    zk.close();
  }

  @Test
  void exactlyOneReplicaActsAndTheOtherTakesOverWithin15sOfAKill9() throws Exception {
    replica("a");
    replica("b");
    // Both up; the leader scales every cycle, the follower never.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> scalePuts().size() >= 5 && role("a") != role("b"));
    String leader = role("a") ? "a" : "b";
    String follower = leader.equals("a") ? "b" : "a";
    assertThat(actors(scalePuts())).containsExactly("pacer/" + leader);
    assertThat(marathon.storedApp(APP).getInteger("instances")).isLessThan(1000);
    assertThat(get(leader, "/metrics")).contains("\npacer_ha_leader 1.0");
    assertThat(get(follower, "/metrics")).contains("\npacer_ha_leader 0.0");

    // The pause state is ZooKeeper's: a pause set through the follower holds the leader.
    pause(follower);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(leader).getJsonArray("pauses").size() == 1);
    int whilePaused = scalePuts().size();
    long cyclesBefore = status(leader).getJsonObject("autoscaler").getLong("cycles");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> status(leader).getJsonObject("autoscaler").getLong("cycles") > cyclesBefore + 2);
    assertThat(scalePuts()).as("no change while paused").hasSize(whilePaused);
    resume(leader);
    await().atMost(Duration.ofSeconds(10)).until(() -> scalePuts().size() > whilePaused);

    // kill -9 the leader: its ZooKeeper session expires (pacer.ha.session-timeout, 8 s by
    // default) and the follower acts.
    int beforeKill = scalePuts().size();
    replicas.get(leader).destroyForcibly();
    assertThat(replicas.get(leader).waitFor(10, TimeUnit.SECONDS)).isTrue();
    long killed = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> actors(scalePuts()).contains("pacer/" + follower));
    double takeover = (System.nanoTime() - killed) / 1e9;
    System.out.printf("ha-it: %s acted %.1f s after kill -9 of %s%n", follower, takeover, leader);
    assertThat(takeover).isLessThan(15);
    // one instance a cycle (maxStepUp = 1); a cycle reads graphite-web, slow on a busy machine
    await().atMost(Duration.ofSeconds(30)).until(() -> scalePuts().size() >= beforeKill + 3);

    // Never both: every change before the takeover is the old leader's, every one after the new.
    List<RecordedRequest> puts = scalePuts();
    List<String> order = puts.stream().map(r -> r.header("User-Agent")).toList();
    int firstNew = order.indexOf("pacer/" + follower);
    assertThat(order.subList(0, firstNew)).containsOnly("pacer/" + leader);
    assertThat(order.subList(firstNew, order.size())).containsOnly("pacer/" + follower);
    assertThat(firstNew).isGreaterThanOrEqualTo(beforeKill);
    assertThat(puts.get(firstNew).receivedNanos()).isGreaterThan(killed);
    assertThat(status(follower).getJsonObject("ha").getBoolean("leader")).isTrue();
  }

  private void replica(String id) throws IOException {
    int port = Ports.free();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("pacer.http.host", "127.0.0.1");
    settings.put("pacer.http.port", String.valueOf(port));
    settings.put("pacer.admin.token", TOKEN);
    settings.put("pacer.marathon.urls", "[\"" + marathon.url() + "\"]");
    settings.put("pacer.autoscaler.interval", "500ms");
    settings.put("pacer.autoscaler.graphite.url", graphite.url());
    settings.put("pacer.ha.zookeeper", zk.connectString());
    settings.put("pacer.ha.id", id);
    settings.put("pacer.state-dir", dir.resolve(id).toString());
    List<String> cmd = PacerJar.command("autoscaler", settings);
    Files.createDirectories(dir.resolve(id));
    Process p = PacerJar.start(cmd, dir.resolve(id + ".log"));
    replicas.put(id, p);
    ports.put(id, port);
    await().atMost(Duration.ofSeconds(60)).until(() -> Ports.listening(port));
  }

  private List<RecordedRequest> scalePuts() {
    return marathon.requests("PUT", "/v2/apps" + APP).stream()
        .filter(r -> r.path().equals("/v2/apps" + APP))
        .toList();
  }

  private static List<String> actors(List<RecordedRequest> puts) {
    return new ArrayList<>(puts.stream().map(r -> r.header("User-Agent")).distinct().toList());
  }

  private boolean role(String id) throws IOException, InterruptedException {
    return status(id).getJsonObject("ha").getBoolean("leader");
  }

  private JsonObject status(String id) throws IOException, InterruptedException {
    return new JsonObject(get(id, "/status"));
  }

  private String get(String id, String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(id) + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void pause(String id) {
    PauseCliIT.Run run =
        PauseCliIT.pacer(
            "pause",
            "--app",
            APP,
            "--for",
            "10m",
            "--reason",
            "ha test",
            "--url",
            "http://127.0.0.1:" + ports.get(id),
            "--token",
            TOKEN);
    assertThat(run.exit()).as(run.err()).isZero();
  }

  private void resume(String id) {
    PauseCliIT.Run run =
        PauseCliIT.pacer(
            "resume", "--app", APP, "--url", "http://127.0.0.1:" + ports.get(id), "--token", TOKEN);
    assertThat(run.exit()).as(run.err()).isZero();
  }
}

package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testsupport.PacerHarness;
import dev.pacer.testsupport.PacerJar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runbook ITs share: a running Pacer (the autodeployer, the agent-scaler, the
 * slack-notifier and the collector) against the Marathon, Mesos and AWS simulators and a real
 * registry, and the {@code bin/pacer} commands of a runbook, read from it and run as an operator
 * runs them (a shell, {@code $PACER_ADMIN_URL} and {@code $PACER_ADMIN_TOKEN} set). Two classes, so
 * that the failsafe forks run them side by side.
 */
abstract class RunbookITBase {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final String TOKEN = "runbook-token";
  static final String APP = "/shop/web";
  static final String IMAGE = "registry.example.com/acme/web:";
  static final String API = "/shop/api";
  final Map<String, String> digests = new HashMap<>();
  @TempDir Path stateDir;
  DockerRegistry registry;
  Vertx vertx;
  MarathonSimulator marathon;
  dev.pacer.testkit.mesos.MesosMasterSimulator mesos;
  dev.pacer.testkit.aws.AutoScalingSimulator aws;
  PacerHarness pacer;
  String url;
  final List<PacerEvent> actions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // the registry the runbook's images live in (pacer.autodeployer.registry.url points at it)
    registry = DockerRegistry.start();
    for (String tag : List.of("1.2.9", "1.3.0", "1.4.0")) {
      digests.put(tag, registry.push("acme/web", tag));
    }
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    marathon.deploymentDuration(Duration.ofMillis(50));
    marathon.seedApp(
        AppDefinitions.docker(
            APP, IMAGE + "1.3.0", 3, new JsonObject().put("autodeploy", "acme/web:1.*")));
    // approvals.md's app: each push waits for a vote
    marathon.seedApp(
        AppDefinitions.docker(
            API,
            IMAGE + "1.2.9",
            2,
            new JsonObject().put("autodeploy", "{ image = \"acme/web:1.*\", approvals = 1 }")));
    // the runbooks' pool "scaling": a cloud group of 3, whose agents registered (ip-10-0-1-7 too)
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret");
    mesos = result(dev.pacer.testkit.mesos.MesosMasterSimulator.start(vertx));
    aws = result(dev.pacer.testkit.aws.AutoScalingSimulator.start(vertx));
    aws.createGroup("scaling", 1, 10, 3, false);
    int host = 5;
    for (var i : aws.instances("scaling")) {
      host++;
      mesos.addAgent(
          "ip-10-0-1-" + host,
          "10.0.1." + host,
          Map.of("pool", "scaling", "instance_id", i.id()),
          8,
          32_000,
          100_000);
    }
    Map<String, String> o = new HashMap<>(Daemons.only("autodeployer"));
    o.put("pacer.agent-scaler.enabled", "true");
    o.put("pacer.slack-notifier.enabled", "true");
    o.put("pacer.mesos.urls", "[\"" + mesos.url() + "\"]");
    o.put("pacer.agent-scaler.aws.endpoint", aws.url());
    o.put("pacer.agent-scaler.interval", "1h"); // the runbooks' commands act, not the cycles
    // the collector's first cycle: these agents' addresses answer nothing, and no carbon listens
    o.put("pacer.collector.enabled", "true");
    o.put("pacer.collector.interval", "1h");
    o.put("pacer.collector.agent-timeout", "200ms");
    o.put("pacer.collector.carbon", "127.0.0.1:9");
    o.put(
        "pacer.agent-scaler.pools",
        "{ scaling { attribute = \"pool:scaling\", group = scaling, min-agents = 1 } }");
    o.putAll(
        Map.of(
            "pacer.admin.token",
            TOKEN,
            "pacer.autodeployer.webhook-token",
            "w",
            "pacer.state-dir",
            stateDir.toString(),
            "pacer.autodeployer.registry.url",
            registry.url()));
    pacer = PacerHarness.start(marathon.url(), o, Daemons.ALL, actions);
    url = pacer.url("");
  }

  @AfterEach
  void stop() {
    pacer.close();
    result(vertx.close());
    registry.close();
  }

  /** The {@code bin/pacer} lines of a runbook's bash blocks, without comments and pipelines. */
  static List<String> commands(String runbook) throws IOException {
    List<String> out = new ArrayList<>();
    boolean inBash = false;
    for (String line : Files.readAllLines(ROOT.resolve("docs/runbooks/" + runbook))) {
      String t = line.strip();
      if (t.startsWith("```")) {
        inBash = !inBash && t.equals("```bash");
        continue;
      }
      if (inBash && t.startsWith("bin/pacer ")) {
        out.add(t.replaceAll("\\s+#\\s.*$", ""));
      }
    }
    return out;
  }

  record Ran(int exit, String out) {}

  Ran run(String command) throws IOException, InterruptedException {
    ProcessBuilder pb =
        PacerJar.withJvmOptions(new ProcessBuilder("bash", "-c", "set -o pipefail; " + command))
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    pb.environment().put("PACER_ADMIN_URL", url);
    pb.environment().put("PACER_ADMIN_TOKEN", TOKEN);
    // what an operator of conf/pacer.conf has exported (its secrets come from the environment)
    pb.environment().put("PACER_WEBHOOK_TOKEN", "runbook-webhook-token");
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
    return new Ran(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  Set<String> pausedScopes() {
    return pacer.process().runtime().pauses() instanceof dev.pacer.common.control.PauseBook book
        ? book.all().stream().map(dev.pacer.common.control.Pause::scope).collect(Collectors.toSet())
        : Set.of();
  }

  /** A push of {@code tag} as the registry notifies it. */
  void pushed(String tag) throws Exception {
    var body =
        dev.pacer.testkit.RegistryEvents.envelope(
            dev.pacer.testkit.RegistryEvents.tagPush(
                "n-" + tag,
                "acme/web",
                tag,
                digests.get(tag),
                new JsonObject().put("host", "registry.example.com")));
    var r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/registry/events"))
                    .header("Authorization", "Bearer w")
                    .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.encode()))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** The id of the approval approvals.md's app waits for ({@code GET /approvals}), or null. */
  String pendingId() {
    var all = new JsonObject(pacer.get("/approvals")).getJsonArray("approvals");
    for (int i = 0; i < all.size(); i++) {
      if (all.getJsonObject(i).getString("app").equals(API)) {
        return all.getJsonObject(i).getString("id");
      }
    }
    return null;
  }

  /** Commands that start Pacer (long-running: PacerJarIT runs them) are not run here. */
  static boolean startsPacer(String command) {
    return command.matches(
        "bin/pacer (run|demo|autodeployer|autoscaler|agent-scaler|slack-notifier|collector)( .*)?");
  }

  String image() {
    return marathon
        .storedApp(APP)
        .getJsonObject("container")
        .getJsonObject("docker")
        .getString("image");
  }

  void awaitNoDeployment() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> result(pacer.process().runtime().marathon().deployments()).isEmpty());
  }
}

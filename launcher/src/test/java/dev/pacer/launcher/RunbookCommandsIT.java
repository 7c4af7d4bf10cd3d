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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bin/pacer} commands the runbooks give, read from the runbooks themselves and run as an
 * operator runs them (a shell, {@code $PACER_ADMIN_URL} and {@code $PACER_ADMIN_TOKEN} set),
 * against a running Pacer and the Marathon simulator. A runbook whose command stops working fails
 * here.
 */
class RunbookCommandsIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final String TOKEN = "runbook-token";
  private static final String APP = "/shop/web";
  private static final String IMAGE = "registry.example.com/acme/web:";
  private static final String API = "/shop/api";
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

  @Test
  void thePauseRunbookPausesOneAppAndAllThenResumesBoth() throws Exception {
    List<String> cmds =
        commands("pause-scaling.md").stream()
            .filter(c -> c.matches("bin/pacer (pause|resume) .*"))
            .toList();
    assertThat(cmds)
        .as("pause-scaling.md's commands")
        .anyMatch(c -> c.startsWith("bin/pacer pause --app " + APP))
        .anyMatch(c -> c.startsWith("bin/pacer pause --all"))
        .anyMatch(c -> c.startsWith("bin/pacer resume --app " + APP))
        .anyMatch(c -> c.startsWith("bin/pacer resume --all"));
    for (String c : cmds) {
      Ran r = run(c);
      assertThat(r.exit()).as("%s printed %s", c, r.out()).isZero();
      if (c.startsWith("bin/pacer pause")) {
        assertThat(r.out()).as(c).containsPattern("paused (/shop/web|global) until 20\\d\\d-");
      } else {
        assertThat(r.out()).as(c).containsPattern("resumed (/shop/web|global)");
      }
      if (c.equals(cmds.get(1))) {
        assertThat(pausedScopes()).containsExactlyInAnyOrder(APP, "global");
      }
    }
    assertThat(pausedScopes()).isEmpty();
    assertThat(marathon.storedApp(APP).getInteger("instances")).isEqualTo(3);
  }

  @Test
  void theFreezeRunbookFreezesOneAppsDeploysAndAllThenEndsBoth() throws Exception {
    List<String> cmds =
        commands("deploy-freeze.md").stream()
            .filter(c -> c.matches("bin/pacer (pause|resume) .*"))
            .toList();
    assertThat(cmds)
        .as("deploy-freeze.md's commands")
        .anyMatch(c -> c.startsWith("bin/pacer pause --deploys --app " + APP))
        .anyMatch(c -> c.startsWith("bin/pacer pause --deploys --all"))
        .anyMatch(c -> c.startsWith("bin/pacer resume --deploys --app " + APP))
        .anyMatch(c -> c.startsWith("bin/pacer resume --deploys --all"));
    for (String c : cmds) {
      Ran r = run(c);
      assertThat(r.exit()).as("%s printed %s", c, r.out()).isZero();
      if (c.startsWith("bin/pacer pause")) {
        assertThat(r.out())
            .as(c)
            .containsPattern("froze deploys of (/shop/web|all apps) until 20\\d\\d-");
      } else {
        assertThat(r.out()).as(c).containsPattern("resumed deploys of (/shop/web|all apps)");
      }
      if (c.equals(cmds.get(1))) {
        assertThat(pausedScopes()).containsExactlyInAnyOrder("deploys:" + APP, "deploys:global");
      }
    }
    assertThat(pausedScopes()).isEmpty();
    Ran pool = run("bin/pacer pause --deploys --pool scaling --for 1h");
    assertThat(pool.exit()).isEqualTo(2);
    assertThat(pool.out()).contains("--deploys freezes an app's deploys (--app) or all (--all)");
  }

  @Test
  void theRollbackRunbookPutsThePreviousImageBackThenTheOneNamed() throws Exception {
    // 1.4.0 went out (as a deploy would, with Pacer's labels), and is bad
    String bad = "sha256:" + "14".repeat(32);
    result(
        pacer
            .process()
            .runtime()
            .marathon()
            .updateImage(
                APP,
                IMAGE + "1.4.0",
                Map.of(
                    "pacer.image-digest",
                    bad,
                    "pacer.image-pushed-at",
                    "2026-12-01T10:00:00Z",
                    "pacer.previous-image",
                    IMAGE + "1.3.0"),
                false));
    awaitNoDeployment();
    List<String> cmds =
        commands("rollback.md").stream().filter(c -> c.startsWith("bin/pacer rollback")).toList();
    assertThat(cmds).hasSize(2);
    assertThat(cmds.get(0)).doesNotContain("--to");
    assertThat(cmds.get(1)).contains("--to " + IMAGE + "1.2.9");

    Ran back = run(cmds.get(0));
    assertThat(back.exit()).as(back.out()).isZero();
    assertThat(back.out())
        .contains("rolled back " + APP + " from " + IMAGE + "1.4.0 to " + IMAGE + "1.3.0");
    assertThat(image()).isEqualTo(IMAGE + "1.3.0");
    // 1.3.0's version had none of Pacer's image labels: none describe 1.4.0 any more
    JsonObject restored = marathon.storedApp(APP).getJsonObject("labels");
    assertThat(restored.containsKey("pacer.image-digest")).isFalse();
    assertThat(restored.containsKey("pacer.image-pushed-at")).isFalse();
    assertThat(restored.containsKey("pacer.previous-image")).isFalse();
    assertThat(restored.getString("pacer.rolled-back-digest")).isEqualTo(bad);
    awaitNoDeployment();

    Ran named = run(cmds.get(1));
    assertThat(named.exit()).as(named.out()).isZero();
    assertThat(image()).isEqualTo(IMAGE + "1.2.9");
    JsonObject app = marathon.storedApp(APP);
    assertThat(app.getInteger("instances")).as("instances untouched").isEqualTo(3);
    assertThat(app.getJsonObject("labels").getString("autodeploy")).isEqualTo("acme/web:1.*");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                actions.stream().filter(e -> e.type().equals("pacer.deploy.rolled_back")).count()
                    == 2);
    List<PacerEvent> rolled =
        actions.stream().filter(e -> e.type().equals("pacer.deploy.rolled_back")).toList();
    assertThat(rolled.get(0).subject()).isEqualTo(APP);
    assertThat(rolled.get(0).data())
        .containsEntry("image", IMAGE + "1.3.0")
        .containsEntry("previous-image", IMAGE + "1.4.0")
        .containsEntry("by", System.getProperty("user.name"));
    assertThat((String) rolled.get(0).data().get("reason")).contains("500s after 1.4.0");
    assertThat(rolled.get(1).data()).containsEntry("image", IMAGE + "1.2.9");
    // 1.4.0's digest is quarantined for the app: listed, then lifted as quarantine.md says
    assertThat(rolled.get(0).data()).containsEntry("quarantined", bad);
    Ran list = run("bin/pacer quarantine list");
    assertThat(list.exit()).as(list.out()).isZero();
    assertThat(list.out()).contains(APP + "  " + bad + "  since ");
    List<String> lift =
        commands("quarantine.md").stream()
            .filter(c -> c.startsWith("bin/pacer quarantine lift"))
            .toList();
    assertThat(lift).singleElement().asString().contains("--digest " + bad);
    Ran lifted = run(lift.get(0));
    assertThat(lifted.exit()).as(lifted.out()).isZero();
    assertThat(lifted.out()).contains("lifted the quarantine of " + bad + " for " + APP);
    assertThat(run("bin/pacer quarantine list").out()).contains("No image is quarantined.");
    Ran none = run(lift.get(0));
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.out()).contains("no quarantine of " + bad + " for " + APP);

    // Naming the image that runs is refused, and says so.
    Ran again = run("bin/pacer rollback --app " + APP + " --to " + IMAGE + "1.2.9");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.out()).contains("rollback refused (404)").contains("already runs");
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

  @Test
  void theApprovalsRunbookApprovesOnePushAndRejectsTheNext() throws Exception {
    List<String> cmds = commands("approvals.md");
    List<String> approve = cmds.stream().filter(c -> c.startsWith("bin/pacer approve ")).toList();
    List<String> reject = cmds.stream().filter(c -> c.startsWith("bin/pacer reject ")).toList();
    assertThat(approve).as("approvals.md's approve").hasSize(1);
    assertThat(reject).as("approvals.md's reject").hasSize(1);
    String example = approve.get(0).split(" ")[2];

    pushed("1.3.0");
    await().atMost(Duration.ofSeconds(30)).until(() -> pendingId() != null);
    String first = pendingId();
    assertThat(run("bin/pacer approvals").out())
        .contains(first + "  " + API + "  " + IMAGE + "1.3.0  pending  0 of 1");
    Ran approved = run(approve.get(0).replace(example, first));
    assertThat(approved.exit()).as(approved.out()).isZero();
    assertThat(approved.out()).startsWith("approved " + first);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                marathon
                    .storedApp(API)
                    .getJsonObject("container")
                    .getJsonObject("docker")
                    .getString("image")
                    .equals(IMAGE + "1.3.0"));
    awaitNoDeployment();

    pushed("1.4.0");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pendingId() != null && !pendingId().equals(first));
    String second = pendingId();
    Ran rejected = run(reject.get(0).replace(example, second));
    assertThat(rejected.exit()).as(rejected.out()).isZero();
    assertThat(rejected.out()).startsWith("rejected " + second);
    await().atMost(Duration.ofSeconds(30)).until(() -> pendingId() == null);
    assertThat(run("bin/pacer approvals").out()).isEqualTo("No push waits for approval.\n");
    assertThat(run("bin/pacer quarantine list").out()).contains(API + "  " + digests.get("1.4.0"));
    Ran late = run(approve.get(0).replace(example, second));
    assertThat(late.exit()).isEqualTo(1);
    assertThat(late.out()).contains("(410)").contains("has ended: rejected");
  }

  @Test
  void aRollbackToWhatIsNotAnImageOfTheAppInTheRegistryIsRefusedAndSaysWhy() throws Exception {
    Ran garbage = run("bin/pacer rollback --app " + APP + " --to 'not an image!!'");
    assertThat(garbage.exit()).as(garbage.out()).isEqualTo(1);
    assertThat(garbage.out())
        .contains("rollback refused (400)")
        .contains("'not an image!!' is not an image: ' ' cannot be in one");
    Ran other = run("bin/pacer rollback --app " + APP + " --to registry.example.com/evil/web:1");
    assertThat(other.exit()).as(other.out()).isEqualTo(1);
    assertThat(other.out())
        .contains("rollback refused (400)")
        .contains("is of registry.example.com/evil/web, not of registry.example.com/acme/web")
        .contains("--other-repository");
    Ran missing = run("bin/pacer rollback --app " + APP + " --to " + IMAGE + "0.0.1");
    assertThat(missing.exit()).as(missing.out()).isEqualTo(1);
    assertThat(missing.out())
        .contains("rollback refused (400)")
        .contains(IMAGE + "0.0.1: no such manifest in the registry");
    // none of them changed the app
    assertThat(image()).isEqualTo(IMAGE + "1.3.0");
    assertThat(marathon.requests("PUT", "/v2/apps" + APP)).isEmpty();
    // another repository, said on purpose and in the registry, goes
    registry.push("acme/web-legacy", "7");
    Ran legacy =
        run(
            "bin/pacer rollback --app "
                + APP
                + " --to registry.example.com/acme/web-legacy:7 --other-repository");
    assertThat(legacy.exit()).as(legacy.out()).isZero();
    assertThat(image()).isEqualTo("registry.example.com/acme/web-legacy:7");
  }

  /** Commands that start Pacer (long-running: PacerJarIT runs them) are not run here. */
  static boolean startsPacer(String command) {
    return command.matches(
        "bin/pacer (run|demo|autodeployer|autoscaler|agent-scaler|slack-notifier|collector)( .*)?");
  }

  @Test
  void everyOtherRunbookCommandRunsAsWritten() throws Exception {
    List<String> ran = new ArrayList<>();
    try (var files = Files.list(ROOT.resolve("docs/runbooks"))) {
      for (Path f : files.filter(x -> x.toString().endsWith(".md")).sorted().toList()) {
        if (f.getFileName().toString().equals("deploy.md")) {
          continue; // DeployRunbookIT runs them, against its own registry, Marathon and Mesos
        }
        if (f.getFileName().toString().equals("before-autoscaling.md")) {
          continue; // BacktestCommandIT runs them, against a Graphite with history
        }
        for (String c : commands(f.getFileName().toString())) {
          // pause, resume and rollback change state: the tests above run them, in their order
          if (startsPacer(c)
              || c.matches("bin/pacer (pause|resume|rollback|quarantine lift|approve|reject) .*")) {
            continue;
          }
          // the example replica of ha.md is the one running here
          String command = c.replace("http://pacer-1:8090", url);
          Ran r = run(command);
          ran.add(f.getFileName() + ": " + c);
          if (c.startsWith("bin/pacer check ")) {
            // conf/pacer.conf is valid; its systems are not here to reach: 1, each line said
            assertThat(r.exit()).as("%s printed %s", c, r.out()).isEqualTo(1);
            assertThat(r.out())
                .contains("✔ config: conf/pacer.conf is valid")
                .contains("✘ marathon: ");
            continue;
          }
          assertThat(r.exit()).as("%s printed %s", c, r.out()).isZero();
          assertThat(r.out().strip()).as(c).isNotEmpty().isNotEqualTo("null");
          if (c.contains("| jq")) {
            assertThat(r.out()).as("%s: jq found it", c).doesNotStartWith("null");
          }
          if (c.startsWith("bin/pacer drain ")) {
            assertThat(r.out())
                .matches("draining ip-10-0-1-7 \\(i-[0-9a-f]+, 0 tasks\\) in pool scaling\\s*");
            assertThat(mesos.schedule().encode()).contains("ip-10-0-1-7");
          }
        }
      }
    }
    assertThat(ran)
        .as("the runbooks' commands")
        .anyMatch(c -> c.startsWith("drain-agent.md: bin/pacer drain --pool scaling"))
        .anyMatch(c -> c.startsWith("agent-pools.md: bin/pacer status --json | jq"))
        .anyMatch(c -> c.startsWith("ha.md: bin/pacer status --json --url"))
        .anyMatch(c -> c.startsWith("config-errors.md: bin/pacer check -c conf/pacer.conf"))
        .anyMatch(c -> c.startsWith("slack.md: "))
        .anyMatch(c -> c.startsWith("kafka-outage.md: "))
        .anyMatch(c -> c.startsWith("collector.md: bin/pacer status --json | jq"))
        .anyMatch(c -> c.startsWith("why.md: bin/pacer explain --image "))
        .anyMatch(c -> c.startsWith("autodeploy.md: bin/pacer autodeploy test "))
        .anyMatch(c -> c.startsWith("why.md: bin/pacer explain /acme/web --json | jq"));
    // what a push would do, said for the app whose pattern it matches
    Ran test = run("bin/pacer autodeploy test registry.example.com/acme/web:1.4.0");
    assertThat(test.exit()).as(test.out()).isZero();
    assertThat(test.out()).contains(APP).contains("deploys").contains("matches acme/web:1.*");
    // a drain asked again says so, as the runbook says
    Ran again = run("bin/pacer drain --pool scaling --agent ip-10-0-1-7");
    assertThat(again.exit()).as(again.out()).isZero();
    assertThat(again.out()).startsWith("already draining ip-10-0-1-7");
    Ran noPool = run("bin/pacer drain --pool nosuch --agent ip-10-0-1-7");
    assertThat(noPool.exit()).isEqualTo(1);
    assertThat(noPool.out()).contains("drain refused (404): no pool nosuch");
  }

  @Test
  void theRunbooksPauseAndResumeAPoolByName() throws Exception {
    List<String> cmds = commands("agent-pools.md");
    String pause =
        cmds.stream().filter(c -> c.startsWith("bin/pacer pause --pool")).findFirst().orElseThrow();
    String resume =
        cmds.stream()
            .filter(c -> c.startsWith("bin/pacer resume --pool"))
            .findFirst()
            .orElseThrow();
    Ran paused = run(pause);
    assertThat(paused.exit()).as(paused.out()).isZero();
    assertThat(pausedScopes()).containsExactly("pool:scaling");
    Ran resumed = run(resume);
    assertThat(resumed.exit()).as(resumed.out()).isZero();
    assertThat(pausedScopes()).isEmpty();
  }

  private String image() {
    return marathon
        .storedApp(APP)
        .getJsonObject("container")
        .getJsonObject("docker")
        .getString("image");
  }

  private void awaitNoDeployment() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> result(pacer.process().runtime().marathon().deployments()).isEmpty());
  }
}

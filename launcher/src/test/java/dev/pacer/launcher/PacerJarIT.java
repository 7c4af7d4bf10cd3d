package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.servers.Ports;
import dev.pacer.testsupport.PacerJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built pacer.jar and bin/pacer, run from the outside the way a user runs them. */
class PacerJarIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path JAR = ROOT.resolve("launcher/target/pacer.jar");
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  /**
   * Starts {@code command}; a {@code java} or {@code bin/pacer} one with the build's JVM options.
   */
  private Process start(List<String> command, Path out, Path err) throws IOException {
    List<String> cmd = new ArrayList<>(command);
    if (cmd.get(0).equals("java")) {
      cmd.addAll(1, PacerJar.jvmOptions());
    }
    return PacerJar.withJvmOptions(new ProcessBuilder(cmd))
        .directory(ROOT.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
  }

  private Run pacer(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = start(cmd, out, err);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pacer %s finished", List.of(args)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Path conf(String text) throws IOException {
    Path f = dir.resolve("bad.conf");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void urlsThatAreANumberExit2NamingTheKey() throws Exception {
    Run r = pacer("run", "-c", conf("pacer.marathon.urls = 42").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("pacer.marathon.urls").contains("expected a list");
  }

  @Test
  void aMisspelledKeyExits2NamingIt() throws Exception {
    Run r =
        pacer(
            "run",
            "-c",
            conf("pacer { marathon { urls = [\"http://m:8080\"] }, htpp.port = 9000 }").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("pacer.htpp.port: unknown key");
  }

  @Test
  void kafkaWithoutBootstrapServersExits2NamingTheKey() throws Exception {
    Run r = pacer("run", "-D", "pacer.events.backend=kafka");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("pacer.kafka.bootstrap-servers")
        .contains("required when pacer.events.backend = kafka");
  }

  @Test
  void theAutodeployerRefusesToStartWithoutAWebhookToken() throws Exception {
    Run r = pacer("run");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("pacer.autodeployer.webhook-token: required")
        .contains("insecure-webhooks");
  }

  @Test
  void helpWorksEverywhereAndAnUnknownCommandIsAUsageError() throws Exception {
    Run top = pacer("--help");
    assertThat(top.exit()).isZero();
    List<String> subcommands =
        List.of(
            "demo",
            "run",
            "autodeployer",
            "autoscaler",
            "agent-scaler",
            "slack-notifier",
            "collector",
            "deploy",
            "validate",
            "diff",
            "exec");
    assertThat(top.out()).contains(subcommands);
    for (String sub : subcommands) {
      Run r = pacer(sub, "--help");
      assertThat(r.exit()).as(sub + " --help").isZero();
      assertThat(r.out())
          .as(sub + " --help")
          .contains("Usage: pacer " + sub)
          .contains("-c, --config=FILE");
    }
    assertThat(pacer("deploy-everything").exit()).isEqualTo(2);
  }

  @Test
  void aBarePacerListsEverySubcommandTheDaemonsIncluded() throws Exception {
    Run bare = pacer();
    assertThat(bare.exit()).isEqualTo(2);
    assertThat(bare.err())
        .contains("Commands:")
        .contains(
            "demo",
            "run",
            "pause",
            "resume",
            "rollback",
            "drain",
            "status",
            "autodeployer",
            "autoscaler",
            "agent-scaler",
            "slack-notifier",
            "collector",
            "deploy",
            "validate",
            "diff",
            "exec");
  }

  /** bin/pacer in a copy of the checkout's layout, with {@code path} as its PATH. */
  private Run binPacer(Path root, String path, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/bin/bash", root.resolve("bin/pacer").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        PacerJar.withJvmOptions(new ProcessBuilder(cmd))
            .directory(root.toFile())
            .redirectOutput(dir.resolve("bin.out").toFile())
            .redirectError(dir.resolve("bin.err").toFile());
    pb.environment().put("PATH", path);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(dir.resolve("bin.out")),
        Files.readString(dir.resolve("bin.err")));
  }

  @Test
  void binPacerRebuildsForJavaSourcesNeverForConfigAndRunsTheJarWhereThereIsNoMaven()
      throws Exception {
    Path root = dir.resolve("checkout");
    Files.createDirectories(root.resolve("bin"));
    Files.copy(ROOT.resolve("bin/pacer"), root.resolve("bin/pacer"));
    Files.createDirectories(root.resolve("launcher/target"));
    Path jar = Files.copy(JAR, root.resolve("launcher/target/pacer.jar"));
    Path conf = root.resolve("conf/pacer.conf");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, "pacer.http.port = 8090\n");
    Path source = root.resolve("common/src/main/java/dev/pacer/X.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class X {}\n");
    java.nio.file.attribute.FileTime now =
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis());
    Files.setLastModifiedTime(jar, now);
    Files.setLastModifiedTime(source, plus(now, -60));
    Files.setLastModifiedTime(conf, plus(now, 60)); // an operator just edited the config
    // a Maven that only says it was asked
    Path fakeBin = Files.createDirectories(dir.resolve("fake-maven"));
    Path asked = dir.resolve("maven-asked");
    Path mvn = fakeBin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho \"$@\" >> " + asked + "\n");
    mvn.toFile().setExecutable(true);
    String withMaven = fakeBin + ":" + System.getenv("PATH");

    Run edited = binPacer(root, withMaven, "--version");
    assertThat(edited.exit()).as(edited.err()).isZero();
    assertThat(edited.out()).contains("pacer 0.1.0");
    assertThat(asked).as("a newer config file never rebuilds").doesNotExist();

    Files.setLastModifiedTime(source, plus(now, 120));
    Run changed = binPacer(root, withMaven, "--version");
    assertThat(changed.exit()).as(changed.err()).isZero();
    assertThat(changed.err()).contains("X.java is newer than").contains("rebuilding");
    assertThat(Files.readString(asked)).contains("package -pl launcher -am");

    // an ops box: java and the basics, no Maven
    Path noMaven = Files.createDirectories(dir.resolve("no-maven"));
    for (String tool : List.of("bash", "java", "find", "dirname", "env")) {
      Path real = Path.of(which(tool));
      Files.createSymbolicLink(noMaven.resolve(tool), real);
    }
    Run opsBox = binPacer(root, noMaven.toString(), "--version");
    assertThat(opsBox.exit()).as(opsBox.err()).isZero();
    assertThat(opsBox.out()).contains("pacer 0.1.0");
    assertThat(opsBox.err()).contains("Maven is not here: running the jar as it is");

    Files.delete(jar);
    Run noJar = binPacer(root, noMaven.toString(), "--version");
    assertThat(noJar.exit()).isEqualTo(1);
    assertThat(noJar.err()).contains("pacer.jar is missing and Maven (mvn) is not installed");
  }

  private static java.nio.file.attribute.FileTime plus(
      java.nio.file.attribute.FileTime t, int seconds) {
    return java.nio.file.attribute.FileTime.fromMillis(t.toMillis() + seconds * 1000L);
  }

  private static String which(String tool) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", "command -v " + tool).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).as("%s is installed", tool).isZero();
    return Path.of(out).toRealPath().toString();
  }

  /** {@code pacer SUBCOMMAND -D key=value...} on loopback, against a Marathon nobody answers. */
  private Run pacerWith(String subcommand, String... settings) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                subcommand,
                "-D",
                "pacer.http.host=127.0.0.1",
                "-D",
                "pacer.autodeployer.webhook-token=t",
                "-D",
                "pacer.marathon.urls=[\"http://127.0.0.1:" + Ports.free() + "\"]"));
    for (String kv : settings) {
      args.addAll(List.of("-D", kv));
    }
    return pacer(args.toArray(String[]::new));
  }

  @Test
  void aStateDirThatCannotBeWrittenExits2NamingTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    Run r = pacerWith("run", "pacer.http.port=0", "pacer.state-dir=\"" + file + "\"");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("pacer.state-dir: '" + file + "' is not a directory");
  }

  @Test
  void aPortInUseIsARuntimeFailureWithExit1() throws Exception {
    try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r = pacerWith("run", "pacer.http.port=" + busy.getLocalPort());
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("failed to start").contains("pacer.http.port");
    }
  }

  @Test
  void aFailureInTheFirstStepOfAStartIsReportedAtOnceWithTheStepAndWhy() throws Exception {
    // Refused as the Kafka producer is made, before any connection: no broker needed.
    long t0 = System.nanoTime();
    Run r =
        pacerWith(
            "autodeployer",
            "pacer.http.port=0",
            "pacer.events.backend=kafka",
            "pacer.kafka.bootstrap-servers=127.0.0.1:" + Ports.free(),
            "pacer.kafka.properties.linger.ms=30000");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains("pacer: failed to start: starting the event backbone (kafka): ")
        .contains(
            "pacer.kafka.properties.linger.ms (30000) must be at least 0 and below"
                + " pacer.kafka.delivery-timeout (30000 ms)");
    // It used to wait out the two-minute start budget, then say "failed to start: null".
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void aDaemonSubcommandRunsOnlyThatDaemonAndLogsJsonWhenAsked() throws Exception {
    Path out = dir.resolve("one.out");
    Process p =
        start(
            List.of(
                "java",
                "-jar",
                JAR.toString(),
                "autoscaler",
                "-D",
                "pacer.http.port=0",
                "-D",
                "pacer.logging.format=json",
                "-D",
                "pacer.http.host=127.0.0.1",
                "-D",
                "pacer.marathon.urls=[\"http://127.0.0.1:" + Ports.free() + "\"]"),
            out,
            dir.resolve("one.err"));
    try {
      int port = awaitPort(out, "Pacer started: http://127.0.0.1:(\\d+)/status");
      String status = get(port, "/status");
      assertThat(status)
          .contains("\"autoscaler\"")
          .doesNotContain("\"autodeployer\"")
          .doesNotContain("\"slack-notifier\"");
      assertThat(httpStatus(port, "/ready")).as("Marathon is down, so not ready").isEqualTo(503);
      String started =
          Files.readAllLines(out).stream()
              .filter(l -> l.contains("Pacer started"))
              .findFirst()
              .orElseThrow();
      io.vertx.core.json.JsonObject line = new io.vertx.core.json.JsonObject(started);
      assertThat(line.getString("level")).isEqualTo("INFO");
      assertThat(line.getString("message")).startsWith("Pacer started: http://127.0.0.1:");
      // not ready (Marathon and Graphite are down): nothing says it is
      assertThat(Files.readString(out)).doesNotContain("Pacer ready");
    } finally {
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void aDeploysJsonLogLineHasTheAppThePushAndTheDeploymentAsFields() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    Path out = dir.resolve("json.out");
    Process p = null;
    try {
      var marathon =
          dev.pacer.testkit.Await.result(
              dev.pacer.testkit.marathon.MarathonSimulator.start(
                  vertx, java.time.Clock.systemUTC()));
      marathon.seedApp(
          dev.pacer.testkit.marathon.AppDefinitions.docker(
              "/shop/web",
              "registry.example.com/acme/web:1.0",
              2,
              new io.vertx.core.json.JsonObject().put("autodeploy", "acme/web:1.*")));
      p =
          start(
              List.of(
                  "java",
                  "-jar",
                  JAR.toString(),
                  "autodeployer",
                  "-D",
                  "pacer.http.port=0",
                  "-D",
                  "pacer.http.host=127.0.0.1",
                  "-D",
                  "pacer.logging.format=json",
                  "-D",
                  "pacer.autodeployer.webhook-token=hook",
                  "-D",
                  "pacer.autodeployer.manifest-check=false",
                  "-D",
                  "pacer.state-dir=" + dir,
                  "-D",
                  "pacer.marathon.urls=[\"" + marathon.url() + "\"]"),
              out,
              dir.resolve("json.err"));
      int port = awaitPort(out, "Pacer started: http://127.0.0.1:(\\d+)/status");
      String envelope =
          new io.vertx.core.json.JsonObject()
              .put(
                  "events",
                  new io.vertx.core.json.JsonArray()
                      .add(
                          new io.vertx.core.json.JsonObject()
                              .put("id", "push-4711")
                              .put("timestamp", java.time.Instant.now().toString())
                              .put("action", "push")
                              .put(
                                  "target",
                                  new io.vertx.core.json.JsonObject()
                                      .put(
                                          "mediaType", "application/vnd.oci.image.manifest.v1+json")
                                      .put("digest", "sha256:" + "ab".repeat(32))
                                      .put("repository", "acme/web")
                                      .put("tag", "1.1"))
                              .put(
                                  "request",
                                  new io.vertx.core.json.JsonObject()
                                      .put("host", "registry.example.com")
                                      .put("method", "PUT"))))
              .encode();
      HttpResponse<String> pushed =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/registry/events"))
                      .header("Authorization", "Bearer hook")
                      .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                      .POST(HttpRequest.BodyPublishers.ofString(envelope))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.readString(out).contains("pacer.deploy.started"));
      io.vertx.core.json.JsonObject line =
          new io.vertx.core.json.JsonObject(
              Files.readAllLines(out).stream()
                  .filter(l -> l.contains("pacer.deploy.started"))
                  .findFirst()
                  .orElseThrow());
      assertThat(line.getString("app")).isEqualTo("/shop/web");
      assertThat(line.getString("push_id")).isEqualTo("push-4711");
      assertThat(line.getString("deployment_id")).matches("[0-9a-f-]{36}");
      assertThat(line.getString("daemon")).isEqualTo("autodeployer");
      assertThat(line.getString("event_id")).matches("[0-9a-f-]{36}");
      assertThat(line.getString("level")).isEqualTo("INFO");
      // the fields are the event's own: the deployment Marathon took
      assertThat(line.getString("message"))
          .contains("deployment-id=" + line.getString("deployment_id"));
      assertThat(marathon.requests("PUT", "/v2/apps/shop/web")).hasSize(1);
    } finally {
      if (p != null) {
        p.destroy();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      dev.pacer.testkit.Await.result(vertx.close());
    }
  }

  @Test
  void theDemoSaysWhatItDoesAndExits0Within5sOfSigterm() throws Exception {
    Path out = dir.resolve("demo.out");
    Process p =
        start(
            List.of(ROOT.resolve("bin/pacer").toString(), "demo", "-D", "pacer.http.port=0"),
            out,
            dir.resolve("demo.err"));
    long sent;
    try {
      int port = awaitPort(out, "demo: admin API: http://127.0.0.1:(\\d+)/status");
      assertThat(Files.readString(out))
          .contains("demo: sandbox Marathon (simulated) at http://127.0.0.1:")
          .contains("/demo/web image=registry.example.com/acme/web:master-1a2b3c");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(Files.readString(out))
                      .contains(
                          "demo: event pacer.marathon.deployment_success subject=/demo/worker")
                      .contains("demo: event pacer.deploy.succeeded subject=/demo/web")
                      .contains("demo: event pacer.deploy.rolled_back subject=/demo/api")
                      .contains("demo: Graphite (real carbon-cache + graphite-web) at http://")
                      .containsPattern(
                          "demo: event pacer.scale.applied subject=/demo/web \\{instances=3, .*to=5")
                      .containsPattern(
                          "demo: event pacer.scale.held subject=/demo/worker .*hold=paused")
                      .containsPattern(
                          "demo: event pacer.scale.applied subject=/demo/web \\{instances=5, .*to=2")
                      .contains("demo: autoscaling done")
                      .contains("the collector measures cpu_util 0.9")
                      .containsPattern("\\[slack #deploys-web console-\\d+\\] Deploying /demo/web")
                      .containsPattern(
                          "\\[slack #deploys-web update of console-\\d+\\] Deployed /demo/web")
                      .contains("] Rolled back /demo/api to ")
                      .contains("] Image pushed: ")
                      .contains("demo: event pacer.agents.scaled_up subject=scaling")
                      .containsPattern("demo: scaling-4 \\(i-[0-9a-f]+\\) booted and registered")
                      .contains("demo: event pacer.agents.draining subject=scaling")
                      .contains("demo: event pacer.agents.terminated subject=scaling")
                      .contains("demo: agent pool done")
                      .contains("demo: pacer deploy exited 0 (0: deployed)")
                      .contains("shop: fatal: DB_URL is not set")
                      .contains("demo: pacer deploy exited 1 (1: failed;"));
      assertThat(get(port, "/status"))
          .contains(
              "\"autodeployer\"",
              "\"autoscaler\"",
              "\"agent-scaler\"",
              "\"slack-notifier\"",
              "\"connected\" : true");
      assertThat(httpStatus(port, "/ready")).isEqualTo(200);
      // the status page, whose URL the demo prints, tells the demo's story with the why of each
      assertThat(Files.readString(out))
          .contains("demo: status page: http://127.0.0.1:" + port + "/");
      assertThat(get(port, "/"))
          .contains("href=\"/ui/apps/demo/web\"")
          .contains("href=\"/ui/pools/scaling\"")
          .contains("<td class=\"scope\">/demo/worker</td>");
      assertThat(get(port, "/ui/apps/demo/web"))
          .containsPattern("scaled 3 → 5: 0.9 is above up 0.7 \\[0.9 in band 0.4–0.7")
          .containsPattern("scaled 5 → 2: 0.1 is below down 0.4")
          .contains("deployed registry.example.com/acme/web:master-2d4e6f");
      assertThat(get(port, "/ui/apps/demo/api"))
          .contains("It was rolled back at ")
          .contains("to registry.example.com/acme/api:release-2.4.0");
      assertThat(get(port, "/ui/pools/scaling"))
          .containsPattern("desired \\d+ → \\d+: free cpus")
          .containsPattern("draining scaling-\\d \\(i-[0-9a-f]+, \\d+ task\\(s\\)")
          .contains("chosen (idle)");
      everyListedMetricIsServedAndReachesGraphite(port, Files.readString(out));
    } finally {
      sent = System.nanoTime();
      p.destroy();
    }
    assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s of SIGTERM").isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
    String all = Files.readString(out);
    assertThat(all).contains("Pacer stopped");
    // from start to stop: no stack trace (the Graphite reporter's last report included)
    assertThat(all).doesNotContainPattern("(?m)^\\s+at [a-z]");
    // no Slack keys: the log says which to set
    assertThat(all)
        .contains("slack-notifier prints its messages (console mode): to post them to Slack, set");
  }

  /**
   * The meters the README lists, with what the demo did to them, in Prometheus's text at /metrics,
   * and as series in the demo's graphite-web (the reporter's prefix is {@code pacer}).
   */
  private static void everyListedMetricIsServedAndReachesGraphite(int port, String demoOut)
      throws Exception {
    String metrics = get(port, "/metrics");
    // the demo sends two tag pushes: web's deploys, api's fails and is rolled back
    assertThat(sample(metrics, "pacer_autodeployer_notifications_received_total")).isEqualTo(2);
    assertThat(sample(metrics, "pacer_autodeployer_notifications_total{result=\"accepted\"}"))
        .isEqualTo(2);
    assertThat(sample(metrics, "pacer_autodeployer_notifications_total{result=\"ignored\"}"))
        .isZero();
    assertThat(sample(metrics, "pacer_autodeployer_notifications_total{result=\"duplicate\"}"))
        .isZero();
    assertThat(sample(metrics, "pacer_autodeployer_deploys_total{outcome=\"started\"}"))
        .isEqualTo(2);
    assertThat(sample(metrics, "pacer_autodeployer_deploys_total{outcome=\"succeeded\"}"))
        .isEqualTo(1);
    assertThat(sample(metrics, "pacer_autodeployer_deploys_total{outcome=\"failed\"}"))
        .isEqualTo(1);
    assertThat(sample(metrics, "pacer_autodeployer_deploys_total{outcome=\"rolled_back\"}"))
        .isEqualTo(1);
    assertThat(sample(metrics, "pacer_autodeployer_push_to_deploy_seconds_count")).isEqualTo(2);
    assertThat(
            sample(
                metrics, "pacer_autoscaler_decisions_total{decision=\"up\",reason=\"above_band\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            sample(
                metrics,
                "pacer_autoscaler_decisions_total{decision=\"down\",reason=\"below_band\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            sample(
                metrics, "pacer_autoscaler_decisions_total{decision=\"hold\",reason=\"paused\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(sample(metrics, "pacer_autoscaler_cycle_seconds_count")).isGreaterThan(3);
    assertThat(sample(metrics, "pacer_autoscaler_graphite_requests_seconds_count{outcome=\"ok\"}"))
        .isGreaterThan(3);
    assertThat(sample(metrics, "pacer_agentscaler_cycle_seconds_count")).isGreaterThan(3);
    assertThat(
            sample(
                metrics, "pacer_agentscaler_pool_free_ratio{pool=\"scaling\",resource=\"cpus\"}"))
        .isBetween(0.0, 1.0);
    assertThat(
            sample(metrics, "pacer_agentscaler_pool_free_ratio{pool=\"stable\",resource=\"mem\"}"))
        .isBetween(0.0, 1.0);
    assertThat(sample(metrics, "pacer_agentscaler_cycles_total{result=\"ok\"}")).isGreaterThan(3);
    assertThat(sample(metrics, "pacer_agentscaler_cycles_total{result=\"failed\"}")).isZero();
    assertThat(sample(metrics, "pacer_marathon_requests_total{method=\"PUT\",status=\"200\"}"))
        .isGreaterThanOrEqualTo(2);
    assertThat(sample(metrics, "pacer_marathon_events_connected")).isEqualTo(1);
    assertThat(sample(metrics, "pacer_slack_messages_total{result=\"sent\"}")).isGreaterThan(0);
    // Prometheus conventions: HELP for every family, the build, the JVM, histograms
    everyFamilyHasHelp(metrics);
    everyMetricTheAlertsAndTheDashboardReadIsServed(metrics);
    assertThat(metrics)
        .containsPattern(
            "(?m)^pacer_build_info\\{commit=\"[0-9a-f]{7,}(-dirty)?\",version=\"0\\.1\\.0")
        .containsPattern("(?m)^jvm_memory_used_bytes\\{")
        .containsPattern("(?m)^process_uptime_seconds ")
        .containsPattern("(?m)^pacer_autodeployer_push_to_deploy_seconds_bucket\\{le=\"")
        .doesNotContainPattern("(?m)^pacer_\\w+\\{[^}]*quantile=");
    assertThat(sample(metrics, "pacer_slack_queue_depth")).isGreaterThanOrEqualTo(0);
    assertThat(sample(metrics, "pacer_slack_dropped_total")).isZero();
    // the collector read the sandbox's agents and wrote /demo/web's cpu_util to carbon
    assertThat(sample(metrics, "pacer_collector_agents_read_total")).isGreaterThan(3);
    assertThat(sample(metrics, "pacer_collector_agents_failed_total")).isZero();
    assertThat(sample(metrics, "pacer_collector_points_written_total")).isGreaterThan(10);
    assertThat(sample(metrics, "pacer_collector_points_dropped_total")).isZero();
    assertThat(sample(metrics, "pacer_collector_cycle_seconds_count")).isGreaterThan(3);
    assertThat(sample(metrics, "pacer_collector_containers_remembered")).isEqualTo(3);

    Matcher g = Pattern.compile("graphite-web\\) at (http://\\S+)").matcher(demoOut);
    assertThat(g.find()).as("the demo names its Graphite").isTrue();
    String graphite = g.group(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(last(graphite, "pacer.autodeployer.notifications.received.count"))
                  .isEqualTo(2);
              assertThat(last(graphite, "pacer.autodeployer.deploys.outcome.rolled_back.count"))
                  .isEqualTo(1);
              assertThat(
                      last(
                          graphite,
                          "pacer.autoscaler.decisions.decision.up.reason.above_band.count"))
                  .isGreaterThanOrEqualTo(1);
              assertThat(
                      last(
                          graphite, "pacer.agentscaler.pool.free.ratio.pool.scaling.resource.cpus"))
                  .isBetween(0.0, 1.0);
              assertThat(last(graphite, "pacer.autoscaler.graphite.requests.outcome.ok.count"))
                  .isGreaterThan(3);
              assertThat(last(graphite, "pacer.slack.queue.depth")).isGreaterThanOrEqualTo(0);
            });
  }

  /**
   * The metrics conf/prometheus/pacer-alerts.yml and conf/grafana/pacer-dashboard.json read are all
   * served (but {@code pacer_ha_leader}, which only HA has: HaIT reads it).
   */
  static void everyMetricTheAlertsAndTheDashboardReadIsServed(String metrics) throws IOException {
    String read =
        Files.readString(ROOT.resolve("conf/prometheus/pacer-alerts.yml"))
            + Files.readString(ROOT.resolve("conf/grafana/pacer-dashboard.json"));
    Matcher m = Pattern.compile("\\b((?:pacer|jvm|process)_[a-z_]+)\\b").matcher(read);
    java.util.Set<String> names = new java.util.TreeSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    names.remove("pacer_ha_leader");
    assertThat(names).hasSizeGreaterThan(10);
    assertThat(names)
        .allSatisfy(
            n ->
                assertThat(metrics)
                    .as("%s, read by an alert or the dashboard", n)
                    .containsPattern("(?m)^" + n + "[{ ]"));
  }

  /** Every {@code # TYPE} family has a {@code # HELP} line that says something. */
  static void everyFamilyHasHelp(String metrics) {
    java.util.Map<String, String> help = new java.util.HashMap<>();
    java.util.List<String> families = new ArrayList<>();
    for (String l : metrics.lines().toList()) {
      if (l.startsWith("# HELP ")) {
        String[] p = l.substring(7).split(" ", 2);
        help.put(p[0], p.length > 1 ? p[1].strip() : "");
      } else if (l.startsWith("# TYPE ")) {
        families.add(l.substring(7).split(" ", 2)[0]);
      }
    }
    assertThat(families).hasSizeGreaterThan(30);
    assertThat(families)
        .allSatisfy(f -> assertThat(help.getOrDefault(f, "")).as("HELP of %s", f).isNotBlank());
  }

  /** The value of one Prometheus sample line, {@code name{labels} value}. */
  private static double sample(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " is not in /metrics"));
  }

  /** The newest non-null point of a Graphite series over the last 10 minutes. */
  private static double last(String graphite, String target) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            graphite
                                + "/render?format=json&noCache=true&from=-10min&target="
                                + target))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    io.vertx.core.json.JsonArray series = new io.vertx.core.json.JsonArray(body);
    assertThat(series).as("Graphite has %s", target).isNotEmpty();
    io.vertx.core.json.JsonArray points = series.getJsonObject(0).getJsonArray("datapoints");
    for (int i = points.size() - 1; i >= 0; i--) {
      Object v = points.getJsonArray(i).getValue(0);
      if (v != null) {
        return ((Number) v).doubleValue();
      }
    }
    throw new AssertionError(target + " has no point in Graphite yet");
  }

  private static int awaitPort(Path out, String regex) {
    Pattern pattern = Pattern.compile(regex);
    int[] port = {-1};
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Matcher m = pattern.matcher(Files.readString(out));
              if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
              }
              return false;
            });
    return port[0];
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int httpStatus(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}

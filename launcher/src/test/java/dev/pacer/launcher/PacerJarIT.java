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
  static Process start(List<String> command, Path out, Path err) throws IOException {
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

  static int awaitPort(Path out, String regex) {
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

  static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static int httpStatus(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}

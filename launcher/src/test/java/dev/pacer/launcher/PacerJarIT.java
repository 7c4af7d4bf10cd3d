package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.servers.Ports;
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

  private Process start(List<String> command, Path out, Path err) throws IOException {
    return new ProcessBuilder(command)
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
    assertThat(top.out())
        .contains("demo", "run", "autodeployer", "autoscaler", "agent-scaler", "slack-notifier");
    for (String sub :
        List.of("demo", "run", "autodeployer", "autoscaler", "agent-scaler", "slack-notifier")) {
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
  void aPortInUseIsARuntimeFailureWithExit1() throws Exception {
    try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r =
          pacer(
              "run",
              "-D",
              "pacer.http.host=127.0.0.1",
              "-D",
              "pacer.http.port=" + busy.getLocalPort(),
              "-D",
              "pacer.autodeployer.webhook-token=t",
              "-D",
              "pacer.marathon.urls=[\"http://127.0.0.1:" + Ports.free() + "\"]");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("failed to start").contains("pacer.http.port");
    }
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
      int port = awaitPort(out, "Pacer ready: http://127.0.0.1:(\\d+)/status");
      String status = get(port, "/status");
      assertThat(status)
          .contains("\"autoscaler\"")
          .doesNotContain("\"autodeployer\"")
          .doesNotContain("\"slack-notifier\"");
      assertThat(httpStatus(port, "/ready")).as("Marathon is down, so not ready").isEqualTo(503);
      String ready =
          Files.readAllLines(out).stream()
              .filter(l -> l.contains("Pacer ready"))
              .findFirst()
              .orElseThrow();
      io.vertx.core.json.JsonObject line = new io.vertx.core.json.JsonObject(ready);
      assertThat(line.getString("level")).isEqualTo("INFO");
      assertThat(line.getString("message")).startsWith("Pacer ready: http://127.0.0.1:");
    } finally {
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(p.exitValue()).isZero();
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
                      .containsPattern("\\[slack #deploys-web console-\\d+\\] Deploying /demo/web")
                      .containsPattern(
                          "\\[slack #deploys-web update of console-\\d+\\] Deployed /demo/web")
                      .contains("] Rolled back /demo/api to ")
                      .contains("] Image pushed: ")
                      .contains("demo: event pacer.agents.scaled_up subject=scaling")
                      .containsPattern("demo: scaling-4 \\(i-[0-9a-f]+\\) booted and registered")
                      .contains("demo: event pacer.agents.draining subject=scaling")
                      .contains("demo: event pacer.agents.terminated subject=scaling")
                      .contains("demo: agent pool done"));
      assertThat(get(port, "/status"))
          .contains(
              "\"autodeployer\"",
              "\"autoscaler\"",
              "\"agent-scaler\"",
              "\"slack-notifier\"",
              "\"connected\" : true");
      assertThat(httpStatus(port, "/ready")).isEqualTo(200);
    } finally {
      sent = System.nanoTime();
      p.destroy();
    }
    assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s of SIGTERM").isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
    assertThat(Files.readString(out)).contains("Pacer stopped");
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

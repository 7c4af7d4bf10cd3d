package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.launcher.PauseCliIT.Run;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.Graphite;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pacer backtest}, run as a user runs it, against a real Graphite (history written through
 * carbon's plaintext protocol) and the Marathon simulator (the apps' labels): the summary table,
 * the report, {@code --all}, and the exit codes.
 */
class BacktestCommandIT {
  static final String SEED =
      "{ minInstances = 3, maxInstances = 9, cooldown = 900, graphite = { target ="
          + " \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 } }";
  static final String NARROW =
      "{ minInstances = 3, maxInstances = 9, cooldown = 0, window = 1m, graphite = { target ="
          + " \"mesos.marathon.${id}.cpu_util\", down = 0.5, up = 0.53 } }";
  static Graphite graphite;
  static Vertx vertx;
  static MarathonSimulator marathon;
  static long t0;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    graphite = Graphite.start();
    vertx = Vertx.vertx();
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    marathon.seedApp(app("/bt/stable", SEED));
    marathon.seedApp(app("/bt/flappy", NARROW));
    marathon.seedApp(app("/bt/broken", "{ minInstances = 3 }"));
    marathon.seedApp(app("/acme/web", SEED)); // the runbook's app
    // the last three hours but one, a point a minute: stable's 0.45, 1.0, 0.45 an hour each
    // (BacktestIT's hand computation); flappy's 0.52 and 0.6, five minutes each
    t0 = (Instant.now().getEpochSecond() - 4 * 3600) / 60 * 60;
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 180; i++) {
      long s = i * 60L;
      lines
          .append("mesos.marathon.bt.stable.cpu_util ")
          .append(s >= 3600 && s < 7200 ? 1.0 : 0.45)
          .append(' ')
          .append(t0 + s)
          .append('\n');
      lines
          .append("mesos.marathon.acme.web.cpu_util ")
          .append(s >= 3600 && s < 7200 ? 1.0 : 0.45)
          .append(' ')
          .append(t0 + s)
          .append('\n');
      lines
          .append("mesos.marathon.bt.flappy.cpu_util ")
          .append(i % 10 < 5 ? 0.52 : 0.6)
          .append(' ')
          .append(t0 + s)
          .append('\n');
    }
    graphite.sendLines(lines.toString());
    awaitPoints("mesos.marathon.bt.stable.cpu_util");
    awaitPoints("mesos.marathon.bt.flappy.cpu_util");
    awaitPoints("mesos.marathon.acme.web.cpu_util");
  }

  /** Until graphite-web serves the 180 points of the path. */
  static void awaitPoints(String path) {
    try (var g =
        new dev.pacer.autoscaler.backtest.run.GraphiteHistory(
            graphite.url(), Duration.ofSeconds(10))) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  g.fetch(path, Instant.ofEpochSecond(t0 - 1), Instant.ofEpochSecond(t0 + 10_800))
                          .map(
                              s ->
                                  java.util.Arrays.stream(s.values())
                                      .filter(v -> !Double.isNaN(v))
                                      .count())
                          .orElse(0L)
                      == 180);
    }
  }

  static JsonObject app(String id, String label) {
    return AppDefinitions.docker(id, "acme/x:1", 3, new JsonObject().put("autoscale", label));
  }

  @AfterAll
  static void stop() {
    result(vertx.close());
    graphite.close();
  }

  String[] args(String... more) {
    String[] base = {
      "backtest",
      "--graphite",
      graphite.url(),
      "--marathon",
      marathon.url(),
      "--from",
      String.valueOf(t0),
      "--until",
      String.valueOf(t0 + 10_800)
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void theOwnLabelAndAPolicyFilePrintTheSummaryTableOnly() throws Exception {
    Path narrow = Files.writeString(dir.resolve("narrow.conf"), NARROW);
    Run r = PauseCliIT.pacer(args("/bt/stable", "--policy", narrow.toString(), "--out", "-"));
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0].split("\\s+"))
        .containsExactly(
            "policy", "actions", "flaps", "above-band", "below-band", "held", "instance-hours");
    // neither flaps on this history; the narrow band's shorter window and no cooldown leave it
    // above its band for one minute, the seed's label (as BacktestIT computes it by hand) for 15
    assertThat(lines[1].split("\\s+"))
        .containsExactly("narrow", "4", "0", "1m", "2h", "0s", "12.01");
    assertThat(lines[2].split("\\s+"))
        .containsExactly("label", "4", "0", "15m", "15m", "0s", "11.75");
    assertThat(lines).hasSize(3);
    assertThat(r.err())
        .contains("360 cycles, 2 policies: Graphite")
        .contains("(2 render requests)"); // one metric for both, and the instance series
  }

  @Test
  void withoutOutItWritesTheReportAndItsCharts() throws Exception {
    Path out = dir.resolve("report");
    Run r =
        PauseCliIT.pacer(
            args(
                "/bt/flappy",
                "--label",
                SEED.replace("${id}", "bt.flappy"),
                "--out",
                out.toString(),
                "--step",
                "1m"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("report: " + out.resolve("report.html").toAbsolutePath());
    assertThat(Files.readString(out.resolve("report.html"))).contains("180 cycles");
    assertThat(out.resolve("label.png")).isNotEmptyFile();
    assertThat(out.resolve("label.svg")).isNotEmptyFile();
  }

  @Test
  void allRanksEveryAutoscaledAppAndSaysWhichItSkipped() {
    Run r = PauseCliIT.pacer(args("--all"));
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).startsWith("app ");
    assertThat(lines[1]).startsWith("/bt/flappy ");
    // the same history and label: a tie, in the order of their ids
    assertThat(lines[2]).startsWith("/acme/web ");
    assertThat(lines[3]).startsWith("/bt/stable ");
    assertThat(lines).hasSize(4);
    assertThat(r.err())
        .contains("skipped /bt/broken: its autoscale label does not parse: missing maxInstances")
        .contains("4 apps (1 skipped)");
  }

  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /**
   * The runbook's commands as written, with the config's example URLs pointed here and the report
   * written into a temp dir: each exits 0 and prints its table.
   */
  @Test
  void theRunbooksCommandsRun() throws Exception {
    java.util.List<String> cmds = RunbookCommandsIT.commands("before-autoscaling.md");
    assertThat(cmds)
        .anyMatch(
            c -> c.contains("--policy conf/policies/calm.conf --policy conf/policies/target.conf"))
        .anyMatch(c -> c.contains("--label '{"))
        .anyMatch(c -> c.endsWith("--out -"))
        .anyMatch(c -> c.contains("--all"));
    for (String c : cmds) {
      java.util.List<String> a =
          words(c.replaceFirst("^bin/pacer ", "").replace("conf/", ROOT + "/conf/"));
      a.addAll(java.util.List.of("--graphite", graphite.url(), "--marathon", marathon.url()));
      if (!a.contains("--out") && !a.contains("--all")) {
        a.addAll(java.util.List.of("--out", dir.resolve("report").toString()));
      }
      Run r = PauseCliIT.pacer(a.toArray(String[]::new));
      assertThat(r.exit()).as("%s printed %s %s", c, r.out(), r.err()).isZero();
      assertThat(r.out()).as(c).startsWith(c.contains("--all") ? "app " : "policy ");
      if (c.contains("calm.conf --policy")) {
        assertThat(r.out()).contains("\ncalm ").contains("\ntarget ").contains("\nlabel ");
      }
    }
  }

  /** A command line's words, as bash splits them: single quotes keep spaces. */
  static java.util.List<String> words(String line) {
    java.util.List<String> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  @Test
  void mistakesExitTwoAndAnUnreachableGraphiteExitsOne() throws Exception {
    assertThat(PauseCliIT.pacer("backtest").err()).contains("name one of APP_ID or --all");
    Run badFrom =
        PauseCliIT.pacer("backtest", "/bt/stable", "--label", SEED, "--from", "yesterday");
    assertThat(badFrom.exit()).isEqualTo(2);
    assertThat(badFrom.err()).contains("--from 'yesterday': expected now, a relative time");
    Path typo = Files.writeString(dir.resolve("typo.conf"), SEED.replace("cooldown", "coolDown"));
    Run badPolicy = PauseCliIT.pacer(args("/bt/stable", "--policy", typo.toString()));
    assertThat(badPolicy.exit()).isEqualTo(2);
    assertThat(badPolicy.err()).contains("--policy " + typo + ": unknown key(s) [coolDown]");
    assertThat(PauseCliIT.pacer(args("--all", "--policy", typo.toString())).exit()).isEqualTo(2);
    Run broken = PauseCliIT.pacer(args("/bt/broken"));
    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.err()).contains("/bt/broken's autoscale label: missing maxInstances");
    Run down =
        PauseCliIT.pacer(
            "backtest",
            "/bt/stable",
            "--label",
            SEED,
            "--graphite",
            "http://127.0.0.1:" + dev.pacer.testkit.servers.Ports.free());
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err()).contains("cannot read mesos.marathon.bt.stable.cpu_util from");
  }
}

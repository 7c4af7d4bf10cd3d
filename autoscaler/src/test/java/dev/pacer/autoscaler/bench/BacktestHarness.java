package dev.pacer.autoscaler.bench;

import dev.pacer.autoscaler.backtest.Replay.Range;
import dev.pacer.autoscaler.backtest.SyntheticHistory;
import dev.pacer.autoscaler.backtest.run.Backtest;
import dev.pacer.autoscaler.backtest.run.Fleet;
import dev.pacer.autoscaler.backtest.run.GraphiteHistory;
import dev.pacer.autoscaler.backtest.run.Report;
import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.testkit.servers.Graphite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pacer backtest}'s figures against a real graphite-web (retention 1m:8d) filled through
 * carbon's plaintext protocol with 7 days of a realistic history per app (metric and instances):
 *
 * <ul>
 *   <li>one app, 7 days at 30 s steps (20,160 cycles), three policies: the render requests, then
 *       the replay and the report (charts included), the first run in a fresh JVM as the command
 *       runs, then warm;
 *   <li>{@code --all} over N apps (default 1,000), 4 at a time: wall time, and the time spent in
 *       Graphite's requests against Pacer's replays.
 * </ul>
 *
 * Args: [apps] [runs].
 */
public final class BacktestHarness {
  static final String SEED =
      "{ minInstances = 3, maxInstances = 9, cooldown = 900, graphite = { target ="
          + " \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 } }";
  static final String TARGET =
      "{ minInstances = 3, maxInstances = 9, cooldown = 300, scaleDownStabilization = 5m,"
          + " graphite = { target = \"mesos.marathon.${id}.cpu_util\", value = 0.55 } }";
  static final String NARROW =
      "{ minInstances = 3, maxInstances = 9, cooldown = 0, graphite = { target ="
          + " \"mesos.marathon.${id}.cpu_util\", down = 0.5, up = 0.53 } }";

  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long now = Instant.now().getEpochSecond() / 60 * 60;
    long start = now - 7 * 86_400 - 600;
    try (Graphite graphite = Graphite.start("1m:8d")) {
      long fill = System.nanoTime();
      Map<String, String> labels = new LinkedHashMap<>();
      for (int i = 0; i <= apps; i++) {
        String id = i == apps ? "/bench/one" : "/bench/app" + i;
        SyntheticHistory h = new SyntheticHistory(start, 7, i);
        graphite.sendLines(
            h.lines(
                "mesos.marathon" + id.replace('/', '.') + ".cpu_util",
                Backtest.instancesTarget(id)));
        if (i < apps) {
          labels.put(id, i % 10 == 0 ? NARROW : SEED);
        }
      }
      awaitServed(graphite, "mesos.marathon.bench.one.cpu_util", start, now);
      awaitFiles(graphite, apps + 1);
      System.out.printf(
          Locale.ROOT,
          "filled %d apps × 7 days (metric and instances, a point a minute) in %.0f s%n",
          apps + 1,
          (System.nanoTime() - fill) / 1e9);
      Range range =
          new Range(
              Instant.ofEpochSecond(now - 7 * 86_400),
              Instant.ofEpochSecond(now),
              Duration.ofSeconds(30),
              Duration.ofMinutes(2));
      List<Backtest.Policy> policies =
          List.of(policy("label", SEED), policy("target", TARGET), policy("narrow", NARROW));
      Path out = Files.createTempDirectory("backtest-bench");
      for (int r = 0; r <= runs; r++) {
        try (GraphiteHistory g = new GraphiteHistory(graphite.url(), Duration.ofSeconds(60))) {
          Backtest.Result result =
              Backtest.run(
                  "/bench/one",
                  policies,
                  range,
                  Duration.ofMinutes(15),
                  Backtest.instancesTarget("/bench/one"),
                  g);
          long t = System.nanoTime();
          Report.write(result, out, Duration.ofMinutes(15));
          double report = (System.nanoTime() - t) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "one app %s: %d cycles × %d policies: Graphite %.3f s (%d requests), replay %.3f s,"
                  + " report %.3f s, after the render requests %.3f s%n",
              r == 0 ? "(fresh JVM)" : "run " + r,
              range.cycles(),
              policies.size(),
              result.graphite().toNanos() / 1e9,
              result.requests(),
              result.pacer().toNanos() / 1e9,
              report,
              result.pacer().toNanos() / 1e9 + report);
          if (r == 0) {
            System.out.print(result.table());
          }
        }
      }
      cli(graphite, out);
      for (int r = 1; r <= 3; r++) {
        try (GraphiteHistory g = new GraphiteHistory(graphite.url(), Duration.ofSeconds(60))) {
          Fleet.Result f = Fleet.run(labels, range, Duration.ofMinutes(15), g, 4);
          System.out.printf(
              Locale.ROOT,
              "--all run %d: %d apps (%d skipped) in %.1f s; Graphite %.1f s summed over 4 threads"
                  + " (%d requests, %.1f ms each), Pacer %.1f s summed%n",
              r,
              labels.size(),
              f.skipped().size(),
              f.wall().toNanos() / 1e9,
              f.graphite().toNanos() / 1e9,
              f.requests(),
              f.graphite().toNanos() / 1e6 / Math.max(1, f.requests()),
              f.pacer().toNanos() / 1e9);
          if (r == 1) {
            System.out.print(f.table(5));
            f.skipped().stream().limit(3).forEach(s -> System.out.println("skipped " + s));
          }
        }
      }
    }
  }

  /**
   * {@code bin/pacer backtest} as a user runs it, a fresh JVM each time (with the jar's class-data
   * sharing): the whole command's wall time, and its own split of it.
   */
  static void cli(Graphite graphite, Path out) throws Exception {
    Path bin = Path.of("bin", "pacer");
    if (!Files.isExecutable(bin)) {
      System.out.println("(no bin/pacer here: the command's runs are skipped)");
      return;
    }
    Path target = Files.writeString(out.resolve("target.conf"), TARGET);
    Path narrow = Files.writeString(out.resolve("narrow.conf"), NARROW);
    for (int r = 1; r <= 3; r++) {
      long t = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  bin.toString(),
                  "backtest",
                  "/bench/one",
                  "--label",
                  SEED,
                  "--policy",
                  target.toString(),
                  "--policy",
                  narrow.toString(),
                  "--graphite",
                  graphite.url(),
                  "--out",
                  out.resolve("cli").toString())
              .redirectErrorStream(true)
              .start();
      String printed =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int exit = p.waitFor();
      String split =
          printed.lines().filter(l -> l.contains("cycles, ")).findFirst().orElse(printed);
      System.out.printf(
          Locale.ROOT,
          "bin/pacer backtest run %d (exit %d): %.2f s in all, the JVM's start included; %s%n",
          r,
          exit,
          (System.nanoTime() - t) / 1e9,
          split);
    }
  }

  static Backtest.Policy policy(String name, String label) {
    return new Backtest.Policy(name, label, AutoscaleLabel.parse("/bench/one", label));
  }

  /** Until carbon has created every app's whisper files (graphite-web finds them). */
  static void awaitFiles(Graphite graphite, int apps) {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI find =
        java.net.URI.create(
            graphite.url()
                + "/metrics/find?format=completer&query=mesos.marathon.bench.*.instances");
    org.awaitility.Awaitility.await("carbon creating the " + apps + " apps' files")
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                http.send(
                                java.net.http.HttpRequest.newBuilder(find).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                            .body()
                            .split("\"is_leaf\": \"1\"")
                            .length
                        - 1
                    >= apps);
  }

  static void awaitServed(Graphite graphite, String path, long from, long until) {
    try (GraphiteHistory g = new GraphiteHistory(graphite.url(), Duration.ofSeconds(60))) {
      org.awaitility.Awaitility.await(path + " served")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  g.fetch(path, Instant.ofEpochSecond(from - 1), Instant.ofEpochSecond(until))
                          .map(x -> Arrays.stream(x.values()).filter(v -> !Double.isNaN(v)).count())
                          .orElse(0L)
                      >= 10_000);
    }
  }
}

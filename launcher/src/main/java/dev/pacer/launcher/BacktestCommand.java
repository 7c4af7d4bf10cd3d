package dev.pacer.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.pacer.autoscaler.AutoscalerConfig;
import dev.pacer.autoscaler.backtest.Replay.Range;
import dev.pacer.autoscaler.backtest.Times;
import dev.pacer.autoscaler.backtest.run.Backtest;
import dev.pacer.autoscaler.backtest.run.Fleet;
import dev.pacer.autoscaler.backtest.run.GraphiteHistory;
import dev.pacer.autoscaler.backtest.run.Report;
import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.common.config.ConfigInvalidException;
import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.marathon.MarathonException;
import dev.pacer.common.marathon.WebClientMarathonClient;
import dev.pacer.common.runtime.ProcessRunner;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pacer backtest APP_ID | --all}: replays autoscale policies over Graphite's history through
 * the autoscaler's own decider, and says what each would have done. Reads Marathon (the labels) and
 * Graphite; changes nothing anywhere.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Replay an app's autoscale label, and each --policy, over its metric history in Graphite,"
          + " cycle by cycle through the autoscaler's own decider; write report.html with a chart"
          + " per policy, and print the summary table. --all ranks every autoscaled app's label"
          + " by its flaps and its time above the band.",
      "Exit: 0 done, 1 Marathon or Graphite could not be read, 2 usage or invalid label."
    })
final class BacktestCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Parameters(
      arity = "0..1",
      paramLabel = "APP_ID",
      description = "The Marathon app, e.g. /shop/web.")
  String app;

  @Option(names = "--all", description = "Every app with an autoscale label, its own label.")
  boolean all;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Start: -7d (default), -12h, -30min, an ISO-8601 instant or epoch seconds.")
  String from = "-7d";

  @Option(names = "--until", paramLabel = "TIME", description = "End (default now).")
  String until = "now";

  @Option(
      names = "--step",
      paramLabel = "DURATION",
      description = "A cycle every (default 30s, the autoscaler's interval).")
  String step = "30s";

  @Option(
      names = "--label",
      paramLabel = "HOCON",
      description = "Replay this label instead of the app's own (Marathon is then not read).")
  String label;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "Also replay this policy: a file holding an autoscale label's HOCON, named by the file's"
              + " name. Repeatable.")
  List<Path> policies = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write report.html and the charts here (default ./backtest-<app>); - prints the summary"
              + " table only.")
  String out;

  @Option(
      names = "--instances",
      paramLabel = "TARGET",
      description =
          "The app's instance count in Graphite (default mesos.marathon.<app>.instances, the"
              + " collector's).")
  String instances;

  @Option(
      names = "--flap-window",
      paramLabel = "DURATION",
      description =
          "An action reversing the one before within this (or the policy's longer cooldown) is a"
              + " flap (default 15m).")
  String flapWindow = "15m";

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "With --all: the N worst apps (default 20).")
  int top = 20;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "With --all: apps read and replayed at once (default 4).")
  int parallelism = 4;

  @Option(
      names = "--graphite",
      paramLabel = "URL",
      description = "graphite-web's URL (default pacer.autoscaler.graphite.url).")
  String graphite;

  @Option(
      names = "--marathon",
      paramLabel = "URL",
      description = "Marathon's URL (default pacer.marathon.urls).")
  String marathon;

  /** A mistake in the command: exit 2 with its message. */
  static final class Usage extends Exception {
    Usage(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    return call(System.out, System.err);
  }

  int call(PrintStream stdout, PrintStream err) {
    Settings s;
    try {
      s = settings();
    } catch (Usage e) {
      err.println("pacer backtest: " + e.getMessage());
      return ProcessRunner.CONFIG_ERROR;
    } catch (ConfigInvalidException e) {
      err.println("pacer backtest: " + e.getMessage());
      return ProcessRunner.CONFIG_ERROR;
    }
    Vertx vertx = null;
    try (GraphiteHistory g = new GraphiteHistory(s.graphiteUrl(), s.timeout())) {
      if (all) {
        vertx = Vertx.vertx();
        Map<String, String> labels =
            await(
                new WebClientMarathonClient(vertx, s.pacer().marathon(), "pacer-backtest")
                    .listLabel(AutoscaleLabel.NAME),
                s.timeout());
        return fleet(labels, s, g, stdout, err);
      }
      if (!"-".equals(out)) {
        Report.prepareInBackground();
      }
      List<Backtest.Policy> replayed = new ArrayList<>();
      if (label != null) {
        replayed.add(policy("label", label));
      } else {
        vertx = Vertx.vertx();
        String own = ownLabel(vertx, s);
        if (own != null) {
          replayed.add(policy("label", own));
        } else if (policies.isEmpty()) {
          throw new Usage(app + " has no autoscale label in Marathon; give --label or --policy");
        } else {
          err.println("pacer backtest: " + app + " has no autoscale label; replaying the policies");
        }
      }
      for (Path f : policies) {
        replayed.add(policyFile(f, replayed));
      }
      Backtest.Result r =
          Backtest.run(
              app,
              replayed,
              s.range(),
              s.flapWindow(),
              instances == null ? Backtest.instancesTarget(app) : instances,
              g);
      stdout.print(r.table());
      if ("-".equals(out)) {
        err.println(timing(r, null));
        return ProcessRunner.OK;
      }
      long t = System.nanoTime();
      Path dir =
          Path.of(out == null ? "backtest-" + dev.pacer.common.marathon.AppIds.metricId(app) : out);
      Path page;
      try {
        page = Report.write(r, dir, s.flapWindow());
      } catch (InternalError | RuntimeException e) {
        // Java draws text with the system's fonts: a machine without any cannot draw a chart
        err.println(
            "pacer backtest: the charts could not be drawn ("
                + e
                + "); does this machine have a font? On Debian: apt-get install fontconfig"
                + " fonts-dejavu-core");
        return ProcessRunner.FAILURE;
      }
      stdout.println("report: " + page.toAbsolutePath().normalize());
      err.println(timing(r, Duration.ofNanos(System.nanoTime() - t)));
      return ProcessRunner.OK;
    } catch (Usage e) {
      err.println("pacer backtest: " + e.getMessage());
      return ProcessRunner.CONFIG_ERROR;
    } catch (IOException | MarathonException e) {
      err.println("pacer backtest: " + e.getMessage());
      return ProcessRunner.FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProcessRunner.FAILURE;
    } finally {
      if (vertx != null) {
        vertx.close();
      }
    }
  }

  private int fleet(
      Map<String, String> labels,
      Settings s,
      GraphiteHistory g,
      PrintStream stdout,
      PrintStream err)
      throws InterruptedException {
    Fleet.Result r = Fleet.run(labels, s.range(), s.flapWindow(), g, parallelism);
    stdout.print(r.table(top));
    for (Fleet.Row skipped : r.skipped()) {
      err.println("pacer backtest: skipped " + skipped.appId() + ": " + skipped.skipped());
    }
    err.println(
        String.format(
            Locale.ROOT,
            "%d apps (%d skipped) in %.2f s: Graphite %.2f s over %d render requests (summed over"
                + " %d threads), Pacer %.2f s",
            labels.size(),
            r.skipped().size(),
            r.wall().toNanos() / 1e9,
            r.graphite().toNanos() / 1e9,
            r.requests(),
            parallelism,
            r.pacer().toNanos() / 1e9));
    return ProcessRunner.OK;
  }

  private static String timing(Backtest.Result r, Duration report) {
    return String.format(
        Locale.ROOT,
        "%d cycles, %d policies: Graphite %.2f s (%d render requests), Pacer %.2f s%s",
        r.range().cycles(),
        r.ranked().size(),
        r.graphite().toNanos() / 1e9,
        r.requests(),
        r.pacer().toNanos() / 1e9,
        report == null
            ? ""
            : String.format(Locale.ROOT, ", report %.2f s", report.toNanos() / 1e9));
  }

  /** What the options and the config say, checked. */
  record Settings(
      PacerConfig pacer, String graphiteUrl, Duration timeout, Range range, Duration flapWindow) {}

  private Settings settings() throws Usage {
    if (all == (app != null)) {
      throw new Usage("name one of APP_ID or --all");
    }
    if (all && (label != null || !policies.isEmpty() || out != null || instances != null)) {
      throw new Usage(
          "--all replays each app's own label: --label, --policy, --out and --instances are for one app");
    }
    if (top < 1 || parallelism < 1 || parallelism > 64) {
      throw new Usage("--top must be positive and --parallelism between 1 and 64");
    }
    Map<String, String> overrides = new LinkedHashMap<>(config.overrides);
    if (graphite != null) {
      overrides.put("pacer.autoscaler.graphite.url", "\"" + graphite + "\"");
    }
    if (marathon != null) {
      overrides.put("pacer.marathon.urls", "[\"" + marathon + "\"]");
    }
    Config c = ConfigLoader.load(config.fileOption(), overrides);
    ConfigReader r = new ConfigReader(c);
    PacerConfig pc = PacerConfig.read(r);
    AutoscalerConfig ac = AutoscalerConfig.read(r);
    r.throwIfInvalid();
    Instant now = Instant.now();
    Range range;
    try {
      range =
          new Range(
              Times.parse(from, now, "--from"),
              Times.parse(until, now, "--until"),
              duration(step, "--step"),
              ac.staleAfter());
    } catch (IllegalArgumentException e) {
      throw new Usage(e.getMessage());
    }
    if (range.cycles() > 2_000_000) {
      throw new Usage(range.cycles() + " cycles: give a shorter range or a longer --step");
    }
    Duration timeout =
        ac.graphiteTimeout().compareTo(Duration.ofSeconds(60)) > 0
            ? ac.graphiteTimeout()
            : Duration.ofSeconds(60);
    return new Settings(
        pc, ac.graphiteUrl(), timeout, range, duration(flapWindow, "--flap-window"));
  }

  private static Duration duration(String text, String option) throws Usage {
    try {
      Duration d = ConfigFactory.parseString("d = " + text).getDuration("d");
      if (d.isNegative()) {
        throw new Usage(option + " must not be negative, got " + text);
      }
      return d;
    } catch (ConfigException e) {
      throw new Usage(option + " '" + text + "' is not a duration such as 30s, 15m or 1h");
    }
  }

  private Backtest.Policy policy(String name, String text) throws Usage {
    try {
      return new Backtest.Policy(name, text.strip(), AutoscaleLabel.parse(app, text));
    } catch (IllegalArgumentException e) {
      throw new Usage(
          (name.equals("label") ? (label != null ? "--label" : app + "'s autoscale label") : name)
              + ": "
              + e.getMessage());
    }
  }

  private Backtest.Policy policyFile(Path f, List<Backtest.Policy> before) throws Usage {
    String name = f.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    if (before.stream().anyMatch(p -> p.name().equals(name))) {
      throw new Usage(
          "two policies are named " + name + " (" + f + "): a policy is named by its file's name");
    }
    String text;
    try {
      // a file may say what the policy is for in comment lines; a label has none
      text =
          Files.readString(f)
              .lines()
              .filter(l -> !l.strip().startsWith("#") && !l.strip().startsWith("//"))
              .collect(java.util.stream.Collectors.joining("\n"));
    } catch (IOException e) {
      throw new Usage("--policy " + f + ": cannot read it (" + e.getMessage() + ")");
    }
    try {
      return new Backtest.Policy(name, text.strip(), AutoscaleLabel.parse(app, text));
    } catch (IllegalArgumentException e) {
      throw new Usage("--policy " + f + ": " + e.getMessage());
    }
  }

  /** The app's own label, or null when it has none. */
  private String ownLabel(Vertx vertx, Settings s) throws IOException, InterruptedException {
    try {
      return await(
              new WebClientMarathonClient(vertx, s.pacer().marathon(), "pacer-backtest")
                  .getApp(app),
              s.timeout())
          .labels()
          .get(AutoscaleLabel.NAME);
    } catch (MarathonException.NotFound e) {
      throw new IOException("Marathon has no app " + app);
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f, Duration timeout)
      throws IOException, InterruptedException {
    try {
      return f.toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MarathonException m) {
        throw m;
      }
      throw new IOException("cannot read Marathon: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("Marathon did not answer within " + timeout.toSeconds() + " s");
    }
  }
}

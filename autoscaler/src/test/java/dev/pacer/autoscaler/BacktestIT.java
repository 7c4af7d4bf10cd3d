package dev.pacer.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pacer.autoscaler.backtest.Replay.Action;
import dev.pacer.autoscaler.backtest.Replay.Range;
import dev.pacer.autoscaler.backtest.Replay.Run;
import dev.pacer.autoscaler.backtest.Summary;
import dev.pacer.autoscaler.backtest.SyntheticHistory;
import dev.pacer.autoscaler.backtest.run.Backtest;
import dev.pacer.autoscaler.backtest.run.GraphiteHistory;
import dev.pacer.autoscaler.backtest.run.Report;
import dev.pacer.autoscaler.metrics.Series;
import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.testkit.servers.Graphite;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * {@code pacer backtest}'s engine against a real carbon + graphite-web filled through carbon's
 * plaintext protocol with explicit timestamps: a history computed by hand, and days of a realistic
 * one (a diurnal curve with noise, a spike, a gap of nulls) on which a flapping policy and a stable
 * one are replayed side by side; the report is opened in headless Chromium.
 */
class BacktestIT {
  static final String SEED =
      "{ minInstances = 3, maxInstances = 9, cooldown = 900, graphite = { target ="
          + " \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 } }";
  static final String NARROW =
      "{ minInstances = 3, maxInstances = 9, cooldown = 0, graphite = { target ="
          + " \"mesos.marathon.${id}.cpu_util\", down = 0.5, up = 0.53 } }";
  static Graphite graphite;
  static final String PREFIX = "bt" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    graphite = Graphite.start();
  }

  @AfterAll
  static void stop() {
    graphite.close();
  }

  static Backtest.Policy policy(String name, String app, String label) {
    return new Backtest.Policy(name, label, AutoscaleLabel.parse(app, label));
  }

  /** Waits until graphite-web serves {@code points} non-null points of the path in the range. */
  static void awaitPoints(String path, Instant from, Instant until, int points) throws Exception {
    try (GraphiteHistory g = new GraphiteHistory(graphite.url(), Duration.ofSeconds(10))) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                Series s = g.fetch(path, from.minusSeconds(1), until).orElse(null);
                return s != null
                    && Arrays.stream(s.values()).filter(v -> !Double.isNaN(v)).count() >= points;
              });
    }
  }

  /**
   * ReplayTest's history, written to carbon: 0.45, 1.0, 0.45, an hour each, a point a minute, the
   * last three hours but one (in the 10 s archive), with a gap of nulls from 5400 to 6000 s in the
   * second app. The hand computation is ReplayTest's: actions at +3630 (3 → 4), +4530 (4 → 6),
   * +7230 (6 → 4), +8130 (4 → 3); 11.75 instance-hours; 15 min above the band and 15 below; no
   * flap; and for the gap 17 cycles held, none of them a scale-in.
   */
  @Test
  void theSeedsLabelOverAKnownHistoryInGraphiteGivesTheHandComputation() throws Exception {
    long t0 = (Instant.now().getEpochSecond() - 4 * 3600) / 60 * 60;
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 180; i++) {
      long s = i * 60L;
      double v = s >= 3600 && s < 7200 ? 1.0 : 0.45;
      lines.append(path("steps")).append(' ').append(v).append(' ').append(t0 + s).append('\n');
      if (s < 5400 || s >= 6000) {
        lines.append(path("gap")).append(' ').append(v).append(' ').append(t0 + s).append('\n');
      }
    }
    graphite.sendLines(lines.toString());
    Instant from = Instant.ofEpochSecond(t0);
    Instant until = from.plusSeconds(10_800);
    awaitPoints(path("steps"), from, until, 180);
    awaitPoints(path("gap"), from, until, 170);
    Range range = new Range(from, until, Duration.ofSeconds(30), Duration.ofMinutes(2));
    for (String app : new String[] {"steps", "gap"}) {
      String id = "/" + PREFIX + "/" + app;
      try (GraphiteHistory g = new GraphiteHistory(graphite.url(), Duration.ofSeconds(10))) {
        Backtest.Result r =
            Backtest.run(
                id,
                List.of(policy("label", id, SEED)),
                range,
                Duration.ofMinutes(15),
                Backtest.instancesTarget(id),
                g);
        // one render request for the metric, one for the instance series (which it has not)
        assertThat(r.requests()).isEqualTo(2);
        assertThat(r.history().knowsInstances()).isFalse();
        assertThat(r.actual()).isEmpty();
        Run run = r.ranked().get(0);
        assertThat(run.actions())
            .extracting(Action::at, Action::from, Action::to)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(from.plusSeconds(3630), 3, 4),
                org.assertj.core.groups.Tuple.tuple(from.plusSeconds(4530), 4, 6),
                org.assertj.core.groups.Tuple.tuple(from.plusSeconds(7230), 6, 4),
                org.assertj.core.groups.Tuple.tuple(from.plusSeconds(8130), 4, 3));
        Summary s = run.summary();
        assertThat(s.flaps()).isZero();
        assertThat(s.instanceHours()).isCloseTo(11.75, within(1e-9));
        assertThat(s.aboveBand()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.belowBand()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.held())
            .isEqualTo(app.equals("gap") ? Duration.ofSeconds(17 * 30) : Duration.ZERO);
        assertThat(r.table())
            .isEqualTo(
                app.equals("gap")
                    ? "policy  actions  flaps  above-band  below-band  held   instance-hours\n"
                        + "label   4        0      15m         15m         8m30s  11.75\n"
                    : "policy  actions  flaps  above-band  below-band  held  instance-hours\n"
                        + "label   4        0      15m         15m         0s    11.75\n");
      }
    }
  }

  String path(String app) {
    return "mesos.marathon." + PREFIX + "." + app + ".cpu_util";
  }

  /**
   * Three days of a realistic history with the app's actual instances: the seed's label and a
   * narrow band without a cooldown, side by side. The report ranks the stable one first; its charts
   * are images a browser shows; the gap of nulls is held by both, never a scale-in.
   */
  @Test
  void aFlappingPolicyAndAStableOneSideBySideAreRankedAndCharted() throws Exception {
    long now = Instant.now().getEpochSecond();
    SyntheticHistory h = new SyntheticHistory(now - 3 * 86_400 - 600, 3, 42);
    String id = "/" + PREFIX + "/shop";
    graphite.sendLines(h.lines(path("shop"), Backtest.instancesTarget(id)));
    Instant start = Instant.ofEpochSecond(h.start);
    Instant end = start.plusSeconds(h.minutes * 60L);
    awaitPoints(path("shop"), start, end, h.minutes - h.gapMinutes);
    awaitPoints(Backtest.instancesTarget(id), start, end, h.minutes - h.gapMinutes);
    Range range =
        new Range(start.plusSeconds(120), end, Duration.ofSeconds(30), Duration.ofMinutes(2));
    Backtest.Result r;
    try (GraphiteHistory g = new GraphiteHistory(graphite.url(), Duration.ofSeconds(10))) {
      r =
          Backtest.run(
              id,
              List.of(policy("label", id, SEED), policy("narrow", id, NARROW)),
              range,
              Duration.ofMinutes(15),
              Backtest.instancesTarget(id),
              g);
    }
    assertThat(r.ranked()).extracting(Run::name).containsExactly("label", "narrow");
    Summary stable = r.ranked().get(0).summary();
    Summary flappy = r.ranked().get(1).summary();
    assertThat(flappy.flaps()).isGreaterThan(50);
    assertThat(stable.flaps()).isLessThan(flappy.flaps() / 20);
    assertThat(r.actual()).isPresent();
    assertThat(r.history().instanceSource())
        .startsWith("the app's actual instance count from Graphite");
    // the gap of nulls: the last point before it is at minute gapAt − 1, the next at gapAt + 45;
    // a cycle's 2 min window is empty in between: 46 min − 2 min = 2640 s, 87 cycles held
    for (Run run : r.ranked()) {
      assertThat(run.summary().held()).as(run.name()).isEqualTo(Duration.ofSeconds(87 * 30));
      for (int k = 1; k < run.times().length; k++) {
        if (Double.isNaN(run.values()[0][k])) {
          assertThat(run.instances()[k])
              .as("%s at %d", run.name(), k)
              .isEqualTo(run.instances()[k - 1]);
        }
      }
    }
    assertThat(r.actual().get().summary().held()).isEqualTo(Duration.ofSeconds(87 * 30));

    Path report = Report.write(r, dir, Duration.ofMinutes(15));
    String html = Files.readString(report);
    assertThat(html.indexOf("data-policy=\"label\""))
        .isLessThan(html.indexOf("data-policy=\"narrow\""));
    assertThat(html).contains("<tr class=\"actual\" data-policy=\"actual\">");
    for (String p : new String[] {"label", "narrow"}) {
      BufferedImage png = ImageIO.read(dir.resolve(p + ".png").toFile());
      assertThat(png.getWidth()).isEqualTo(1000);
      assertThat(png.getHeight()).isEqualTo(520);
      String svg = Files.readString(dir.resolve(p + ".svg"));
      assertThat(svg.startsWith("<!DOCTYPE svg") && svg.contains("<svg xmlns=")).as(p).isTrue();
      assertThat(svg.strip().endsWith("</svg>")).as(p).isTrue();
    }
    WebDriver browser = StatusPageIT.chromium(dir.resolve("profile"));
    try {
      browser.get(report.toUri().toString());
      assertThat(browser.findElements(By.cssSelector("table.summary tbody tr")))
          .extracting(e -> e.getAttribute("data-policy"))
          .containsExactly("label", "narrow", "actual");
      assertThat(browser.findElement(By.cssSelector("tr.worst")).getAttribute("data-policy"))
          .isEqualTo("narrow");
      Object loaded =
          ((JavascriptExecutor) browser)
              .executeScript(
                  "return Array.from(document.images).map(i => i.complete && i.naturalWidth);");
      assertThat(((List<?>) loaded).stream().map(String::valueOf).toList())
          .containsExactly("1000", "1000");
      StatusPageIT.screenshot(browser, "backtest-report");
      for (String p : new String[] {"label", "narrow"}) { // the README's figures come from here
        Files.copy(
            dir.resolve(p + ".png"),
            StatusPageIT.SHOTS.resolve("backtest-" + p + ".png"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      browser.quit();
    }
  }
}

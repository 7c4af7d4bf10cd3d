package dev.pacer.autoscaler.backtest.run;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.pacer.autoscaler.backtest.Replay.Run;
import dev.pacer.autoscaler.backtest.Summary;
import dev.pacer.autoscaler.backtest.Times;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * {@code report.html}: one page with the policies ranked and side by side, each with its chart
 * ({@code <policy>.png}, and {@code <policy>.svg} beside it). Rendered with mustache.java, which
 * escapes every value.
 */
public final class Report {
  private static final Mustache PAGE =
      new DefaultMustacheFactory("backtest").compile("report.mustache");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneOffset.UTC);

  private Report() {}

  /** Writes the page and the charts into {@code dir}; returns the page. */
  public static Path write(Backtest.Result r, Path dir, Duration flapWindow) throws IOException {
    Files.createDirectories(dir);
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Map<String, Object>> charts = new ArrayList<>();
    drawCharts(r, dir);
    int rank = 0;
    for (Run run : r.ranked()) {
      rank++;
      Map<String, Object> row = row(run.name(), run.summary());
      row.put("rank", rank);
      row.put(
          "css",
          r.ranked().size() < 2
              ? ""
              : rank == 1 ? "best" : rank == r.ranked().size() ? "worst" : "");
      rows.add(row);
      String file = file(run.name());
      Map<String, Object> c = new LinkedHashMap<>(row);
      c.put("file", file);
      c.put("label", r.policy(run.name()).label());
      charts.add(c);
    }
    r.actual()
        .ifPresent(
            a -> {
              Map<String, Object> row = row("actual", a.summary());
              row.put("rank", "");
              row.put("css", "actual");
              rows.add(row);
            });
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("app", r.appId());
    scope.put("from", TIME.format(r.range().from()));
    scope.put("until", TIME.format(r.range().until()));
    scope.put("step", Times.human(r.range().step()));
    scope.put("cycles", r.range().cycles());
    scope.put("instanceSource", r.history().instanceSource());
    scope.put("graphite", seconds(r.graphite()));
    scope.put("requests", r.requests());
    scope.put("pacer", seconds(r.pacer()));
    scope.put("flapWindow", Times.human(flapWindow));
    scope.put("hasActual", r.actual().isPresent());
    scope.put("rows", rows);
    scope.put("charts", charts);
    Path page = dir.resolve("report.html");
    try (Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
      PAGE.execute(w, scope);
    }
    return page;
  }

  /**
   * Loads what drawing a chart needs (JFreeChart, Java2D, the fonts) on a thread of its own, so
   * that a command's first chart does not wait for it: about half a second in a fresh JVM,
   * overlapping Graphite's answers and the replays.
   */
  public static void prepareInBackground() {
    Thread t =
        new Thread(
            () -> {
              try {
                java.awt.image.BufferedImage img =
                    new java.awt.image.BufferedImage(
                        64, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = img.createGraphics();
                new JFreeChart(new org.jfree.chart.plot.XYPlot())
                    .draw(g, new java.awt.Rectangle(0, 0, 64, 32));
                g.dispose();
                new org.jfree.svg.SVGGraphics2D(8, 8).drawString("x", 1, 1);
                javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
              } catch (RuntimeException | InternalError e) {
                // the report says it when it draws for real
              }
            },
            "backtest-charts-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /** Each policy's chart, PNG and SVG, the policies side by side on the cores. */
  private static void drawCharts(Backtest.Result r, Path dir) throws IOException {
    try {
      r.ranked().parallelStream()
          .forEach(
              run -> {
                String file = file(run.name());
                JFreeChart chart = Charts.chart(run, r.actual());
                try {
                  Charts.writePng(chart, dir.resolve(file + ".png"));
                  Charts.writeSvg(chart, dir.resolve(file + ".svg"));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** A policy's name as a file name: letters, digits, {@code .}, {@code -} and {@code _}. */
  static String file(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static Map<String, Object> row(String name, Summary s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", name);
    row.put("actions", s.actions());
    row.put("flaps", s.flaps());
    row.put("above", Times.human(s.aboveBand()));
    row.put("below", Times.human(s.belowBand()));
    row.put("held", Times.human(s.held()));
    row.put("hours", String.format(Locale.ROOT, "%.2f", s.instanceHours()));
    row.put("peak", s.peak());
    return row;
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }
}

package dev.pacer.autoscaler.backtest.run;

import dev.pacer.autoscaler.backtest.Replay.Action;
import dev.pacer.autoscaler.backtest.Replay.Run;
import dev.pacer.autoscaler.policy.MetricRule;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * The seed's figure for one policy, drawn with JFreeChart: above, the metric as the policy read it
 * with its band shaded; below, the simulated instances, the actual ones when known, and the flaps
 * marked. Written as PNG and SVG (JFreeSVG).
 */
final class Charts {
  static final int WIDTH = 1000;
  static final int HEIGHT = 520;

  /** Buckets of a metric's line: about one per pixel of the plot. */
  static final int BUCKETS = 900;

  /** At most this many flap marks: one per stretch of the chart. */
  static final int MARKS = 300;

  private static final Color BAND = new Color(46, 160, 67, 40);
  private static final Color METRIC = new Color(31, 111, 235);
  private static final Color SIMULATED = new Color(207, 34, 46);
  private static final Color ACTUAL = new Color(110, 119, 129);
  private static final Color[] MORE = {
    new Color(130, 80, 223), new Color(191, 135, 0), new Color(27, 124, 131)
  };

  private Charts() {}

  static JFreeChart chart(Run run, Optional<Run> actual) {
    DateAxis time = new DateAxis("time (UTC)");
    time.setTimeZone(TimeZone.getTimeZone("UTC"));
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
    plot.setGap(8);
    plot.add(metricPlot(run), 3);
    plot.add(instancesPlot(run, actual), 2);
    String title =
        String.format(
            Locale.ROOT,
            "%s: actions %d, flaps %d, instance-hours %.1f",
            run.name(),
            run.summary().actions(),
            run.summary().flaps(),
            run.summary().instanceHours());
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static XYPlot metricPlot(Run run) {
    XYSeriesCollection data = new XYSeriesCollection();
    List<MetricRule> rules = run.policy().metrics();
    for (int j = 0; j < rules.size(); j++) {
      data.addSeries(thin(rules.get(j).target() + " (as read)", run.times(), run.values()[j]));
    }
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    lines.setDrawSeriesLineAsPath(true);
    for (int j = 0; j < rules.size(); j++) {
      lines.setSeriesPaint(j, j == 0 ? METRIC : MORE[(j - 1) % MORE.length]);
      lines.setSeriesStroke(j, new BasicStroke(1.2f));
    }
    NumberAxis axis = new NumberAxis("metric");
    axis.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(data, null, axis, lines);
    for (MetricRule r : rules) {
      IntervalMarker band = new IntervalMarker(r.down(), r.up(), BAND);
      band.setLabel(rules.size() == 1 ? "band" : "band of " + r.target());
      band.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
      band.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
      plot.addRangeMarker(band, Layer.BACKGROUND);
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(220, 220, 220));
    return plot;
  }

  private static XYPlot instancesPlot(Run run, Optional<Run> actual) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(steps(run.name() + " instances (simulated)", run.times(), run.instances()));
    actual.ifPresent(a -> data.addSeries(steps("actual instances", a.times(), a.instances())));
    XYLineAndShapeRenderer steps = new XYLineAndShapeRenderer(true, false);
    steps.setDrawSeriesLineAsPath(true);
    steps.setSeriesPaint(0, SIMULATED);
    steps.setSeriesStroke(0, new BasicStroke(1.6f));
    steps.setSeriesPaint(1, ACTUAL);
    steps.setSeriesStroke(
        1,
        new BasicStroke(
            1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 3}, 0));
    NumberAxis axis = new NumberAxis("instances");
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    axis.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(data, null, axis, steps);
    XYSeriesCollection flaps = new XYSeriesCollection();
    XYSeries f = new XYSeries("flaps", false, true);
    long[] t = run.times();
    long bucket = t.length < 2 ? 1 : Math.max(1, (t[t.length - 1] - t[0]) / MARKS);
    long drawn = Long.MIN_VALUE;
    for (Action a : run.actions()) {
      // one mark per bucket: thousands of flaps would otherwise be thousands of shapes
      if (a.flap() && a.at().getEpochSecond() / bucket != drawn) {
        drawn = a.at().getEpochSecond() / bucket;
        f.add(a.at().toEpochMilli(), a.to());
      }
    }
    flaps.addSeries(f);
    XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
    dots.setSeriesPaint(0, new Color(207, 34, 46, 160));
    dots.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
    dots.setDrawOutlines(false);
    plot.setDataset(1, flaps);
    plot.setRenderer(1, dots);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(220, 220, 220));
    return plot;
  }

  /**
   * A metric's line with at most {@link #BUCKETS} × 2 points: per bucket of cycles its lowest and
   * highest value, in time order, so that a spike a pixel wide still shows; a bucket without a
   * value breaks the line, as a gap in the history does.
   */
  static XYSeries thin(String key, long[] times, double[] values) {
    XYSeries s = new XYSeries(key, false, true);
    int n = times.length;
    int per = Math.max(1, (n + BUCKETS - 1) / BUCKETS);
    for (int from = 0; from < n; from += per) {
      int to = Math.min(n, from + per);
      int lo = -1;
      int hi = -1;
      for (int k = from; k < to; k++) {
        if (!Double.isNaN(values[k])) {
          lo = lo < 0 || values[k] < values[lo] ? k : lo;
          hi = hi < 0 || values[k] > values[hi] ? k : hi;
        }
      }
      if (lo < 0) {
        s.add(times[from] * 1000.0, null);
        continue;
      }
      int first = Math.min(lo, hi);
      int second = Math.max(lo, hi);
      s.add(times[first] * 1000.0, values[first]);
      if (second != first) {
        s.add(times[second] * 1000.0, values[second]);
      }
    }
    return s;
  }

  /**
   * An instance count as a step line: its first point, each change, and its last point; when it
   * changes more often than the chart has pixels, its lowest and highest per bucket as {@link
   * #thin} does.
   */
  static XYSeries steps(String key, long[] times, int[] instances) {
    int changes = 0;
    for (int k = 1; k < instances.length; k++) {
      changes += instances[k] != instances[k - 1] ? 1 : 0;
    }
    if (changes > 2 * BUCKETS) {
      return thin(key, times, java.util.Arrays.stream(instances).asDoubleStream().toArray());
    }
    // drawn as one path: each change is a vertical step from the count before to the new one
    XYSeries s = new XYSeries(key, false, true);
    for (int k = 0; k < times.length; k++) {
      if (k > 0 && instances[k] != instances[k - 1]) {
        s.add(times[k] * 1000.0, instances[k - 1]);
        s.add(times[k] * 1000.0, instances[k]);
      } else if (k == 0 || k == times.length - 1) {
        s.add(times[k] * 1000.0, instances[k]);
      }
    }
    return s;
  }

  static void writePng(JFreeChart chart, Path file) throws IOException {
    // no alpha, light compression: a third of the time of the defaults, a PNG a little larger
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT, null, false, 1);
  }

  static void writeSvg(JFreeChart chart, Path file) throws IOException {
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    SVGUtils.writeToSVG(file.toFile(), g.getSVGElement());
  }
}

package dev.pacer.autoscaler.backtest.run;

import dev.pacer.autoscaler.backtest.History;
import dev.pacer.autoscaler.backtest.Replay;
import dev.pacer.autoscaler.backtest.Replay.Range;
import dev.pacer.autoscaler.backtest.Summary;
import dev.pacer.autoscaler.backtest.SummaryTable;
import dev.pacer.autoscaler.metrics.Series;
import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import dev.pacer.autoscaler.policy.MetricRule;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code pacer backtest --all}: every autoscaled app's own label over the range, {@code
 * parallelism} apps at a time, each app's metrics read as one app's are (one render request per
 * metric, whole range). A label that does not parse, or a metric Graphite cannot give, skips that
 * app with its reason; the others carry on. The apps that flap most, then sit above their band
 * longest, come first.
 */
public final class Fleet {
  private Fleet() {}

  /** One app's outcome: its summary, or why it was skipped. */
  public record Row(String appId, Summary summary, String skipped) {}

  /** The apps, worst first; the skipped ones apart; where the time went. */
  public record Result(
      List<Row> ranked,
      List<Row> skipped,
      Duration wall,
      Duration graphite,
      long requests,
      Duration pacer) {

    /** The table of the {@code top} worst apps. */
    public String table(int top) {
      List<String> header = new ArrayList<>(SummaryTable.COLUMNS);
      header.set(0, "app");
      List<List<String>> rows = new ArrayList<>();
      ranked.stream().limit(top).forEach(r -> rows.add(SummaryTable.cells(r.appId(), r.summary())));
      return SummaryTable.render(header, rows);
    }
  }

  /** Worst first: most flaps, then longest above the band, then the app id. */
  static final Comparator<Row> WORST_FIRST =
      Comparator.<Row>comparingInt(r -> -r.summary().flaps())
          .thenComparing(r -> r.summary().aboveBand(), Comparator.reverseOrder())
          .thenComparing(Row::appId);

  public static Result run(
      Map<String, String> labels,
      Range range,
      Duration flapWindow,
      GraphiteHistory graphite,
      int parallelism)
      throws InterruptedException {
    long started = System.nanoTime();
    long spentBefore = graphite.spent().toNanos();
    long requestsBefore = graphite.requests();
    AtomicLong pacer = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    Map<String, Future<Row>> futures = new LinkedHashMap<>();
    try {
      labels.forEach(
          (id, label) ->
              futures.put(
                  id, pool.submit(() -> one(id, label, range, flapWindow, graphite, pacer))));
      List<Row> ranked = new ArrayList<>();
      List<Row> skipped = new ArrayList<>();
      for (Map.Entry<String, Future<Row>> e : futures.entrySet()) {
        Row row;
        try {
          row = e.getValue().get();
        } catch (ExecutionException x) {
          row = new Row(e.getKey(), null, String.valueOf(x.getCause()));
        }
        (row.skipped() == null ? ranked : skipped).add(row);
      }
      ranked.sort(WORST_FIRST);
      skipped.sort(Comparator.comparing(Row::appId));
      return new Result(
          ranked,
          skipped,
          Duration.ofNanos(System.nanoTime() - started),
          Duration.ofNanos(graphite.spent().toNanos() - spentBefore),
          graphite.requests() - requestsBefore,
          Duration.ofNanos(pacer.get()));
    } finally {
      pool.shutdownNow();
    }
  }

  private static Row one(
      String appId,
      String label,
      Range range,
      Duration flapWindow,
      GraphiteHistory graphite,
      AtomicLong pacer) {
    AutoscalePolicy policy;
    try {
      policy = AutoscaleLabel.parse(appId, label);
    } catch (IllegalArgumentException e) {
      return new Row(appId, null, "its autoscale label does not parse: " + e.getMessage());
    }
    java.time.Instant from = range.from().minus(policy.window()).minusSeconds(1);
    Map<String, Series> metrics = new LinkedHashMap<>();
    Series instances;
    try {
      for (MetricRule m : policy.metrics()) {
        if (!metrics.containsKey(m.target())) {
          var s = graphite.fetch(m.target(), from, range.until());
          if (s.isEmpty()) {
            return new Row(appId, null, "Graphite has no series for " + m.target());
          }
          metrics.put(m.target(), s.get());
        }
      }
      String it = Backtest.instancesTarget(appId);
      instances = graphite.fetch(it, from, range.until()).orElse(null);
    } catch (IOException e) {
      return new Row(appId, null, e.getMessage());
    }
    long t = System.nanoTime();
    History h =
        new History(metrics, instances, Backtest.instancesTarget(appId), policy.minInstances());
    Summary s = Replay.run("label", policy, h, range, flapWindow).summary();
    pacer.addAndGet(System.nanoTime() - t);
    return new Row(appId, s, null);
  }
}

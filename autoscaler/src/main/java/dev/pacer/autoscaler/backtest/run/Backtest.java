package dev.pacer.autoscaler.backtest.run;

import dev.pacer.autoscaler.backtest.History;
import dev.pacer.autoscaler.backtest.Replay;
import dev.pacer.autoscaler.backtest.Replay.Range;
import dev.pacer.autoscaler.backtest.Replay.Run;
import dev.pacer.autoscaler.backtest.SummaryTable;
import dev.pacer.autoscaler.metrics.Series;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import dev.pacer.autoscaler.policy.MetricRule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One app's backtest: reads each metric the policies name and the app's instance count from
 * Graphite (one render request each, whole range), replays every policy, and ranks them. The first
 * policy is the app's own label: the actual row is measured against it, and without an instance
 * series its {@code minInstances} is the count the load is assumed to have run on.
 */
public final class Backtest {
  private Backtest() {}

  /** A policy to replay: its name in the report, its label's text, and the label parsed. */
  public record Policy(String name, String label, AutoscalePolicy policy) {}

  /** What the run found, and where its time went. */
  public record Result(
      String appId,
      Range range,
      History history,
      List<Policy> policies,
      List<Run> ranked,
      Optional<Run> actual,
      Duration graphite,
      long requests,
      Duration pacer) {

    /** The summary table's rows: the policies best first, then {@code actual} when known. */
    public List<List<String>> rows() {
      List<List<String>> rows = new ArrayList<>();
      ranked.forEach(r -> rows.add(SummaryTable.cells(r.name(), r.summary())));
      actual.ifPresent(a -> rows.add(SummaryTable.cells("actual", a.summary())));
      return rows;
    }

    public String table() {
      return SummaryTable.render(SummaryTable.COLUMNS, rows());
    }

    /** The policy named {@code name}. */
    public Policy policy(String name) {
      return policies.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
  }

  /** The collector's instance series of an app: {@code mesos.marathon.<id>.instances}. */
  public static String instancesTarget(String appId) {
    return "mesos.marathon." + dev.pacer.common.marathon.AppIds.metricId(appId) + ".instances";
  }

  /**
   * @throws IOException when Graphite cannot be read, or has no series for a policy's metric
   */
  public static Result run(
      String appId,
      List<Policy> policies,
      Range range,
      Duration flapWindow,
      String instancesTarget,
      GraphiteHistory graphite)
      throws IOException {
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("no policy to replay");
    }
    Duration before = Duration.ZERO;
    Set<String> targets = new LinkedHashSet<>();
    for (Policy p : policies) {
      before = p.policy().window().compareTo(before) > 0 ? p.policy().window() : before;
      p.policy().metrics().stream().map(MetricRule::target).forEach(targets::add);
    }
    // Graphite's first point is the first step after from: a second earlier keeps a point at it
    Instant from = range.from().minus(before).minusSeconds(1);
    Map<String, Series> metrics = new LinkedHashMap<>();
    for (String t : targets) {
      metrics.put(
          t,
          graphite
              .fetch(t, from, range.until())
              .orElseThrow(
                  () ->
                      new IOException(
                          "Graphite has no series for "
                              + t
                              + " between "
                              + from
                              + " and "
                              + range.until()
                              + " (check the target, and that Graphite keeps that much history)")));
    }
    Series instances = graphite.fetch(instancesTarget, from, range.until()).orElse(null);
    long started = System.nanoTime();
    History history =
        new History(metrics, instances, instancesTarget, policies.get(0).policy().minInstances());
    // each policy on its own core: a command's JVM is cold, and the replays are independent
    List<Run> runs =
        new ArrayList<>(
            policies.parallelStream()
                .map(p -> Replay.run(p.name(), p.policy(), history, range, flapWindow))
                .toList());
    runs.sort(Comparator.comparing(Run::summary, SummaryTable.RANKING));
    Optional<Run> actual = Replay.actual(policies.get(0).policy(), history, range, flapWindow);
    return new Result(
        appId,
        range,
        history,
        List.copyOf(policies),
        List.copyOf(runs),
        actual,
        graphite.spent(),
        graphite.requests(),
        Duration.ofNanos(System.nanoTime() - started));
  }
}

package dev.pacer.autoscaler.metrics;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autoscaler.policy.Aggregation;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testkit.servers.Ports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Graphite reader against real carbon-cache and graphite-web. */
class GraphiteMetricsSourceIT {
  static final Duration WINDOW = Duration.ofMinutes(2);
  static Graphite graphite;

  @BeforeAll
  static void startGraphite() {
    graphite = Graphite.shared(); // every test writes a fresh metric path
  }

  static GraphiteMetricsSource source(String url, int batchSize) {
    return new GraphiteMetricsSource(
        url, batchSize, 4, Duration.ofSeconds(10), Duration.ofMinutes(2), Clock.systemUTC());
  }

  static MetricQuery query(String app, String target) {
    return new MetricQuery(app, target, WINDOW, Aggregation.AVG);
  }

  /** A fresh metric path, so tests sharing the Graphite never see each other's points. */
  static String metric() {
    return "it." + UUID.randomUUID().toString().replace("-", "") + ".cpu_util";
  }

  /** Writes points and waits until graphite-web serves the newest one. */
  static void write(String path, double... valuesEvery10sEndingNow) {
    long now = Instant.now().getEpochSecond();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < valuesEvery10sEndingNow.length; i++) {
      long t = now - 10L * (valuesEvery10sEndingNow.length - i);
      lines
          .append(path)
          .append(' ')
          .append(valuesEvery10sEndingNow[i])
          .append(' ')
          .append(t)
          .append('\n');
    }
    graphite.sendLines(lines.toString());
    graphite.awaitServed(
        path, valuesEvery10sEndingNow[valuesEvery10sEndingNow.length - 1], Duration.ofSeconds(20));
  }

  @Test
  void readsEachAppsValueFromOneBatchedRequest() {
    String a = metric();
    String b = metric();
    write(a, 0.2, 0.4);
    write(b, 0.9);
    try (GraphiteMetricsSource s = source(graphite.url(), 100)) {
      Map<String, Sample> got = result(s.samples(List.of(query("/a", a), query("/b", b))));
      assertThat(((Sample.Value) got.get("/a")).value())
          .isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(((Sample.Value) got.get("/b")).value()).isEqualTo(0.9);
      assertThat(s.requests()).isEqualTo(1);
    }
  }

  @Test
  void anUnknownTargetOnlyNullsAndStalePointsAreNoData() {
    String old = metric();
    long fiveMinAgo = Instant.now().getEpochSecond() - 300;
    graphite.send(old, 0.1, fiveMinAgo);
    graphite.awaitServed(old, 0.1, Duration.ofSeconds(20));
    try (GraphiteMetricsSource s = source(graphite.url(), 100)) {
      Map<String, Sample> got =
          result(
              s.samples(
                  List.of(
                      query("/unknown", metric()),
                      query("/nulls", old),
                      new MetricQuery("/stale", old, Duration.ofMinutes(10), Aggregation.AVG))));
      assertThat(got.get("/unknown"))
          .isEqualTo(new Sample.NoData("no such metric: Graphite has no series for the target"));
      assertThat(got.get("/nulls")).isEqualTo(new Sample.NoData("only null points in the last 2m"));
      assertThat(((Sample.NoData) got.get("/stale")).reason())
          .startsWith("stale: the newest point is ")
          .endsWith("old (stale after 2m)");
    }
  }

  @Test
  void aTargetGraphiteRefusesHoldsOnlyItsOwnApp() {
    String good = metric();
    write(good, 0.5);
    List<MetricQuery> qs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      qs.add(query("/good" + i, good));
    }
    qs.add(17, query("/unknown-function", "nosuchfunc(" + good + ")")); // graphite-web: 400
    qs.add(query("/wrong-argument", "scale(" + good + ",\"abc\")")); // graphite-web: 500
    try (GraphiteMetricsSource s = source(graphite.url(), 100)) {
      Map<String, Sample> got = result(s.samples(qs));
      assertThat(((Sample.NoData) got.get("/unknown-function")).reason())
          .startsWith(
              "Graphite refused the target: Invalid parameters (Received request for"
                  + " unknown function: nosuchfunc)");
      assertThat(((Sample.NoData) got.get("/wrong-argument")).reason())
          .startsWith("Graphite answered 500");
      for (int i = 0; i < 60; i++) {
        assertThat(got.get("/good" + i)).as("/good" + i).isInstanceOf(Sample.Value.class);
      }
      // halving: about 2 × log2(62) requests per bad target, not one per target
      assertThat(s.requests()).isLessThanOrEqualTo(1 + 2 * 2 * 6);
    }
  }

  @Test
  void aWildcardMatchingSeveralSeriesSaysHowToAggregate() {
    String prefix = "it." + UUID.randomUUID().toString().replace("-", "");
    write(prefix + ".a.cpu", 0.5);
    write(prefix + ".b.cpu", 0.7);
    try (GraphiteMetricsSource s = source(graphite.url(), 100)) {
      Map<String, Sample> got =
          result(
              s.samples(
                  List.of(
                      query("/many", prefix + ".*.cpu"),
                      query("/avg", "averageSeries(" + prefix + ".*.cpu)"))));
      assertThat(((Sample.NoData) got.get("/many")).reason()).contains("matched 2 series");
      assertThat(((Sample.Value) got.get("/avg")).value())
          .isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void refusedConnectionsGiveEveryAppNoDataAndBatchesAreCounted() {
    List<MetricQuery> qs = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      qs.add(query("/app" + i, "a.b" + i));
    }
    try (GraphiteMetricsSource s = source("http://127.0.0.1:" + Ports.free(), 100)) {
      Map<String, Sample> got = result(s.samples(qs));
      assertThat(got).hasSize(250);
      assertThat(got.values())
          .allSatisfy(
              v ->
                  assertThat(((Sample.NoData) v).reason())
                      .startsWith("Graphite did not answer: connection refused"));
      assertThat(s.requests()).isEqualTo(3);
    }
  }
}

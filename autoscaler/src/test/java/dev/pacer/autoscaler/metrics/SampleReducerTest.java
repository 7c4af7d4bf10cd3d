package dev.pacer.autoscaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autoscaler.policy.Aggregation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleReducerTest {
  static final Duration WINDOW = Duration.ofMinutes(2);
  static final Duration STALE = Duration.ofMinutes(2);
  // the captured series' newest point is at 1795327480; its window reaches back 2 minutes
  static final Instant NOW = Instant.ofEpochSecond(1795327490);

  static Series cpu() throws IOException {
    return GraphiteRenderParserTest.parse("graphite/captured-render.json").get(0);
  }

  @Test
  void eachAggregationOverTheWindowsNonNullPoints() throws IOException {
    List<Series> s = List.of(cpu());
    Sample avg = SampleReducer.reduce(s, WINDOW, Aggregation.AVG, STALE, NOW);
    assertThat(((Sample.Value) avg).value())
        .isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(((Sample.Value) avg).newest()).isEqualTo(Instant.ofEpochSecond(1795327480));
    assertThat(
            ((Sample.Value) SampleReducer.reduce(s, WINDOW, Aggregation.MAX, STALE, NOW)).value())
        .isEqualTo(0.9);
    assertThat(
            ((Sample.Value) SampleReducer.reduce(s, WINDOW, Aggregation.LAST, STALE, NOW)).value())
        .isEqualTo(0.9);
  }

  @Test
  void aShorterWindowKeepsOnlyItsOwnPoints() throws IOException {
    Sample last20s =
        SampleReducer.reduce(List.of(cpu()), Duration.ofSeconds(20), Aggregation.AVG, STALE, NOW);
    assertThat(((Sample.Value) last20s).value())
        .isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void noSeriesNullsOnlyStaleAndSeveralSeriesAreNoData() throws IOException {
    assertThat(SampleReducer.reduce(List.of(), WINDOW, Aggregation.AVG, STALE, NOW))
        .isEqualTo(new Sample.NoData("no such metric: Graphite has no series for the target"));
    // the newest bucket is usually null (not written yet); here every bucket is
    Series nulls =
        new Series(
            "q0",
            new double[] {Double.NaN, Double.NaN},
            new long[] {NOW.getEpochSecond() - 20, NOW.getEpochSecond() - 10});
    assertThat(SampleReducer.reduce(List.of(nulls), WINDOW, Aggregation.AVG, STALE, NOW))
        .isEqualTo(new Sample.NoData("only null points in the last 2m"));
    Sample stale =
        SampleReducer.reduce(
            List.of(cpu()), Duration.ofHours(1), Aggregation.AVG, STALE, NOW.plusSeconds(600));
    assertThat(((Sample.NoData) stale).reason())
        .isEqualTo("stale: the newest point is 610s old (stale after 2m)");
    Sample several =
        SampleReducer.reduce(List.of(cpu(), cpu()), WINDOW, Aggregation.AVG, STALE, NOW);
    assertThat(((Sample.NoData) several).reason()).contains("matched 2 series");
  }

  @Test
  void infinitiesAloneAreNoData() throws IOException {
    Series special =
        GraphiteRenderParserTest.parse("graphite/render_json_special_values.derived.json").get(0);
    Series onlyInfinite =
        new Series("x", new double[] {special.values()[3], special.values()[4]}, new long[] {1, 2});
    assertThat(
            SampleReducer.reduce(
                List.of(onlyInfinite), WINDOW, Aggregation.MAX, STALE, Instant.ofEpochSecond(3)))
        .isInstanceOf(Sample.NoData.class);
  }
}

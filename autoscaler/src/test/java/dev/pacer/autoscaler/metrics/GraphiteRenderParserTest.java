package dev.pacer.autoscaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.testkit.Contracts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphiteRenderParserTest {

  static List<Series> parse(String contract) throws IOException {
    return GraphiteRenderParser.parse(new ByteArrayInputStream(Contracts.bytes(contract)));
  }

  @Test
  void readsTwoTargetsInRequestOrderWithTheirNullBuckets() throws IOException {
    List<Series> s = parse("graphite/captured-render.json");
    assertThat(s)
        .extracting(Series::target)
        .containsExactly("mesos.marathon.foo.cpu_util", "mesos.marathon.foo.mem_used");
    Series cpu = s.get(0);
    assertThat(cpu.values()).contains(0.5, 0.9);
    assertThat(Double.isNaN(cpu.values()[0])).isTrue();
    int last = indexOf(cpu, 0.9);
    assertThat(cpu.times()[last]).isEqualTo(1795327480L);
  }

  @Test
  void infinitiesAndNullsAreNotMeasurements() throws IOException {
    Series s = parse("graphite/render_json_special_values.derived.json").get(0);
    assertThat(s.size()).isEqualTo(6);
    long finite = java.util.Arrays.stream(s.values()).filter(v -> !Double.isNaN(v)).count();
    assertThat(finite).isEqualTo(1);
    assertThat(s.values()[1]).isEqualTo(0.4);
  }

  @Test
  void anUnknownTargetIsAnEmptyArrayAndTheDocsShapeWithoutTagsParses() throws IOException {
    assertThat(parse("graphite/captured-render-unknown-target.json")).isEmpty();
    assertThat(parse("graphite/render_json_docs.json")).isNotEmpty();
    assertThat(parse("graphite/captured-render-wildcard.json")).hasSizeGreaterThan(1);
  }

  @Test
  void garbageIsRefusedWithWhatWasWrong() {
    assertThatThrownBy(() -> GraphiteRenderParser.parse(stream("<html>500</html>")))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> GraphiteRenderParser.parse(stream("{\"target\": \"x\"}")))
        .hasMessageContaining("expected a JSON array of series");
    assertThatThrownBy(() -> GraphiteRenderParser.parse(stream("[{\"datapoints\": [[1, 2]]}]")))
        .hasMessageContaining("without a target");
    assertThatThrownBy(
            () ->
                GraphiteRenderParser.parse(
                    stream("[{\"target\": \"x\", \"datapoints\": [[\"high\", 2]]}]")))
        .hasMessageContaining("number or null");
  }

  static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static int indexOf(Series s, double v) {
    for (int i = 0; i < s.size(); i++) {
      if (s.values()[i] == v) {
        return i;
      }
    }
    return -1;
  }
}

package dev.pacer.slacknotifier.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.slack.BlockKitLimits;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  @Test
  void onlyChangedFieldsByPathWithoutMarathonsOrPacersBookkeeping() {
    Map<String, Object> a =
        Map.of(
            "id", "/a",
            "version", "v1",
            "versionInfo", Map.of("lastConfigChangeAt", "v1"),
            "instances", 3,
            "labels", Map.of("team", "core", "pacer.image-digest", "sha256:1"),
            "portMappings", List.of(Map.of("containerPort", 80, "hostPort", 0)),
            "env", Map.of("A", "1", "GONE", "x"));
    Map<String, Object> b =
        Map.of(
            "id", "/a",
            "version", "v2",
            "versionInfo", Map.of("lastConfigChangeAt", "v2"),
            "instances", 3.0,
            "labels", Map.of("team", "edge", "pacer.image-digest", "sha256:2"),
            "portMappings", List.of(Map.of("containerPort", 8080, "hostPort", 0)),
            "env", Map.of("A", "1"));
    assertThat(ConfigDiff.between(a, b))
        .containsExactly(
            new ConfigDiff.Change("env.GONE", "x", null),
            new ConfigDiff.Change("labels.team", "core", "edge"),
            new ConfigDiff.Change("portMappings[0].containerPort", 80, 8080));
  }

  @Test
  void aListThatChangedLengthIsOneChangeAndNoChangeSaysSo() {
    assertThat(ConfigDiff.between(Map.of("args", List.of("a")), Map.of("args", List.of("a", "b"))))
        .containsExactly(new ConfigDiff.Change("args", List.of("a"), List.of("a", "b")));
    SlackMessage none = ConfigDiff.render("/a", "v1", "v2", List.of());
    assertThat(none.text()).contains("No config change besides the image bookkeeping");
  }

  @Test
  void aTenThousandLineDiffIsRenderedWithinEverySlackLimitAndSaysWhatItLeftOut() {
    String before =
        IntStream.range(0, 10_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    String after =
        IntStream.range(0, 10_000)
            .mapToObj(i -> "changed line " + i + " " + "x".repeat(i % 300))
            .collect(Collectors.joining("\n"));
    Map<String, Object> env = new LinkedHashMap<>();
    Map<String, Object> env2 = new LinkedHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      env.put("VAR_" + i, "old-" + i);
      env2.put("VAR_" + i, "new-" + i + " <&> `" + "y".repeat(i % 500));
    }
    List<ConfigDiff.Change> changes =
        ConfigDiff.between(Map.of("cmd", before, "env", env), Map.of("cmd", after, "env", env2));
    assertThat(changes).hasSize(10_001);

    SlackMessage m = ConfigDiff.render("/big", "v1", "v2", changes);

    JsonObject payload = new JsonObject(m.toJson());
    assertThat(BlockKitLimits.check(payload.getString("text"), payload.getJsonArray("blocks")))
        .isEmpty();
    assertThat(m.blocks().size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
    assertThat(m.blocksJson().length()).isLessThanOrEqualTo(SlackMessage.BLOCKS_CHARS);
    assertThat(m.blocksJson())
        .contains("cmd (lines 1–10000)")
        .contains("more diff lines not shown");
    assertThat(m.text()).contains("10001 fields changed");
  }
}

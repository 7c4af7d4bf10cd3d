package dev.pacer.autoscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoscaleLabelTest {
  static final String SEED =
      "{ minInstances = 3, maxInstances = 9, cooldown = 900, graphite = { target ="
          + " \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 } }";

  @Test
  void theSeedsLabelParsesWithItsDefaults() {
    AutoscalePolicy p = AutoscaleLabel.parse("/shop/web", SEED);
    assertThat(p.minInstances()).isEqualTo(3);
    assertThat(p.maxInstances()).isEqualTo(9);
    assertThat(p.scaleUpCooldown()).isEqualTo(Duration.ofSeconds(900));
    assertThat(p.scaleDownCooldown()).isEqualTo(Duration.ofSeconds(900));
    assertThat(p.target()).isEqualTo("mesos.marathon.shop.web.cpu_util");
    assertThat(p.down()).isEqualTo(0.4);
    assertThat(p.up()).isEqualTo(0.7);
    assertThat(p.window()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.aggregation()).isEqualTo(Aggregation.AVG);
    assertThat(p.maxStepUp()).isEmpty();
    assertThat(p.dryRun()).isFalse();
  }

  /** The seed's line, verbatim: on one line, its fields apart by spaces only, and no quotes. */
  @Test
  void theSeedsOneLineFormVerbatimParsesAsItsMultiLineForm() {
    AutoscalePolicy p =
        AutoscaleLabel.parse(
            "/shop/web",
            "{ minInstances = 3 maxInstances = 9 cooldown = 900 graphite = { target ="
                + " mesos.marathon.${id}.cpu_util down = 0.4 up = 0.7 } }");
    assertThat(p).isEqualTo(AutoscaleLabel.parse("/shop/web", SEED));
    assertThat(p.target()).isEqualTo("mesos.marathon.shop.web.cpu_util");
    // quoted text keeps its spaces; a real mistake is still one
    assertThat(
            AutoscaleLabel.parse(
                    "/a",
                    "{ minInstances = 1 maxInstances = 2 cooldown = 60 graphite = { target ="
                        + " \"alias(x, 'a b = c')\" down = 1 up = 2 } }")
                .target())
        .isEqualTo("alias(x, 'a b = c')");
    assertThatThrownBy(() -> AutoscaleLabel.parse("/a", "{ minInstances = 1 maxInstances = }"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a HOCON object");
  }

  @Test
  void anUnquotedIdIsResolvedAsTheAppsMetricId() {
    AutoscalePolicy p =
        AutoscaleLabel.parse(
            "/team-a/api",
            "{ minInstances = 1, maxInstances = 4, cooldown = 60,"
                + " graphite { target = mesos.marathon.${id}.cpu_util, down = 0.2, up = 0.8 } }");
    assertThat(p.target()).isEqualTo("mesos.marathon.team-a.api.cpu_util");
  }

  @Test
  void jsonWithEveryOptionalKey() {
    AutoscalePolicy p =
        AutoscaleLabel.parse(
            "/web",
            """
            {"minInstances": 2, "maxInstances": 20, "cooldown": 300,
             "scaleUpCooldown": "1m", "scaleDownCooldown": 600, "maxStepUp": 4, "maxStepDown": 1,
             "window": "5m", "aggregation": "max", "dryRun": true,
             "graphite": {"target": "averageSeries(servers.${id}.*.load)", "down": 1, "up": 3}}
            """);
    assertThat(p.scaleUpCooldown()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.scaleDownCooldown()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.maxStepUp()).isEqualTo(OptionalInt.of(4));
    assertThat(p.maxStepDown()).isEqualTo(OptionalInt.of(1));
    assertThat(p.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.aggregation()).isEqualTo(Aggregation.MAX);
    assertThat(p.dryRun()).isTrue();
    assertThat(p.target()).isEqualTo("averageSeries(servers.web.*.load)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "min > max | { minInstances = 5, maxInstances = 2, cooldown = 60, graphite { target = a, down"
            + " = 0.1, up = 0.9 } } | minInstances (5) is greater than maxInstances (2)",
        "down >= up | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite { target = a,"
            + " down = 0.9, up = 0.9 } } | graphite.down (0.9) must be below graphite.up (0.9)",
        "negative cooldown | { minInstances = 1, maxInstances = 2, cooldown = -5, graphite { target"
            + " = a, down = 0.1, up = 0.9 } } | cooldown must not be negative",
        "empty target | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite { target ="
            + " \"  \", down = 0.1, up = 0.9 } } | graphite.target is empty",
        "bad syntax | { minInstances = 1, maxInstances = | not a HOCON object",
        "not an object | mesos.marathon.foo.cpu_util | expected a HOCON or JSON object",
        "unknown key | { minInstances = 1, maxInstances = 2, cooldown = 60, coolDown = 5, graphite {"
            + " target = a, down = 0.1, up = 0.9 } } | unknown key(s) [coolDown]",
        "missing up | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite { target = a,"
            + " down = 0.1 } } | missing graphite.up",
        "no cooldown | { minInstances = 1, maxInstances = 2, graphite { target = a, down = 0.1, up ="
            + " 0.9 } } | missing cooldown",
        "zero min | { minInstances = 0, maxInstances = 2, cooldown = 60, graphite { target = a, down"
            + " = 0.1, up = 0.9 } } | minInstances must be at least 1",
        "other substitution | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite { target"
            + " = ${app}, down = 0.1, up = 0.9 } } | not a HOCON object",
        "bad aggregation | { minInstances = 1, maxInstances = 2, cooldown = 60, aggregation = median,"
            + " graphite { target = a, down = 0.1, up = 0.9 } } | expected avg, max or last",
        "text for a number | { minInstances = three, maxInstances = 2, cooldown = 60, graphite {"
            + " target = a, down = 0.1, up = 0.9 } } | minInstances",
      })
  void anInvalidLabelIsRefusedWithItsReason(String kind, String label, String reason) {
    assertThatThrownBy(() -> AutoscaleLabel.parse("/web", label))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason.strip());
  }

  @Test
  void theMetricIdDropsTheLeadingSlashAndDotsTheRest() {
    assertThat(AutoscaleLabel.metricId("/a/b/c")).isEqualTo("a.b.c");
    assertThat(AutoscaleLabel.metricId("solo")).isEqualTo("solo");
  }
}

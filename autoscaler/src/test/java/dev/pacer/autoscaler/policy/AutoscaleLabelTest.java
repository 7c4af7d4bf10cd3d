package dev.pacer.autoscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
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
    assertThat(p.maxStepUp()).isNull();
    assertThat(p.maxStepDown()).isNull();
    assertThat(p.scaleUpStabilization()).isZero();
    assertThat(p.scaleDownStabilization()).isZero();
    assertThat(p.metrics())
        .containsExactly(MetricRule.band("mesos.marathon.shop.web.cpu_util", 0.4, 0.7));
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
    assertThat(p.maxStepUp()).isEqualTo(Step.of(4));
    assertThat(p.maxStepDown()).isEqualTo(Step.of(1));
    assertThat(p.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.aggregation()).isEqualTo(Aggregation.MAX);
    assertThat(p.dryRun()).isTrue();
    assertThat(p.target()).isEqualTo("averageSeries(servers.web.*.load)");
  }

  @Test
  void severalMetricsATargetStabilizationAndPercentSteps() {
    AutoscalePolicy p =
        AutoscaleLabel.parse(
            "/shop/web",
            """
            { minInstances = 2, maxInstances = 40, cooldown = 60,
              scaleUpStabilization = 30s, scaleDownStabilization = "5m",
              maxStepUp = "100%", maxStepDown = 25%,
              graphite = [
                { target = "mesos.marathon.${id}.cpu_util", down = 0.3, up = 0.7 },
                { target = mesos.marathon.${id}.rps, value = 200 },
                { target = "p99(${id})", value = 0.25, tolerance = 0.2 }
              ] }
            """);
    assertThat(p.metrics())
        .containsExactly(
            MetricRule.band("mesos.marathon.shop.web.cpu_util", 0.3, 0.7),
            MetricRule.aimAt("mesos.marathon.shop.web.rps", 200, 0.1),
            MetricRule.aimAt("p99(shop.web)", 0.25, 0.2));
    assertThat(p.metrics().get(1).down()).isCloseTo(180, within(1e-9));
    assertThat(p.metrics().get(1).up()).isCloseTo(220, within(1e-9));
    assertThat(p.scaleUpStabilization()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.scaleDownStabilization()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.stabilization()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.maxStepUp()).isEqualTo(Step.percent(100));
    assertThat(p.maxStepDown()).isEqualTo(Step.percent(25));
    // a percentage moves at least one instance; up rounds up, down rounds down
    assertThat(p.maxStepUp().up(3)).isEqualTo(3);
    assertThat(p.maxStepDown().down(3)).isEqualTo(1);
    assertThat(p.maxStepDown().down(10)).isEqualTo(2);
    assertThat(Step.percent(50).up(3)).isEqualTo(2);
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
        "both modes | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite { target = a,"
            + " down = 0.1, up = 0.9, value = 0.5 } } | give a band (down, up) or a target (value,"
            + " tolerance), not both",
        "zero target | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite { target = a,"
            + " value = 0 } } | graphite.value must be above 0",
        "tolerance 1 | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite { target = a,"
            + " value = 3, tolerance = 1 } } | graphite.tolerance must be at least 0 and below 1",
        "no band nor target | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite {"
            + " target = a } } | missing graphite.down (or graphite.value for a target)",
        "empty list | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite = [] } |"
            + " graphite is an empty list",
        "list of strings | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite = [a] } |"
            + " graphite[0] must be an object",
        "second metric's band | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite = ["
            + " { target = a, value = 1 }, { target = b, down = 2, up = 1 } ] } |"
            + " graphite[1].down (2.0) must be below graphite[1].up (1.0)",
        "second metric's typo | { minInstances = 1, maxInstances = 2, cooldown = 60, graphite = ["
            + " { target = a, value = 1 }, { target = b, value = 1, tolerence = 0.2 } ] } |"
            + " unknown key(s) [graphite[1].tolerence]",
        "percent step | { minInstances = 1, maxInstances = 2, cooldown = 60, maxStepUp = \"half\","
            + " graphite { target = a, value = 1 } } | maxStepUp: expected a count of instances or"
            + " a percentage",
        "zero percent | { minInstances = 1, maxInstances = 2, cooldown = 60, maxStepDown = 0%,"
            + " graphite { target = a, value = 1 } } | maxStepDown must be between 1% and 1000%",
        "long stabilization | { minInstances = 1, maxInstances = 2, cooldown = 60,"
            + " scaleDownStabilization = 2h, graphite { target = a, value = 1 } } |"
            + " scaleDownStabilization must be at most 1 hour",
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

package dev.pacer.autoscaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autoscaler.policy.Aggregation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderTargetsTest {
  static MetricQuery q(String app, String target) {
    return new MetricQuery(app, target, Duration.ofMinutes(2), Aggregation.AVG);
  }

  @Test
  void plainPathsOfOneDepthBecomeOneTargetAndComeBackUnderTheirOwnPath() {
    RenderTargets t =
        new RenderTargets(
            List.of(
                q("/a", "mesos.marathon.a.cpu_util"),
                q("/b", "mesos.marathon.b.cpu_util"),
                q("/c", "mesos.marathon.c.cpu_util")));
    assertThat(t.targets()).containsExactly("mesos.marathon.{a,b,c}.cpu_util");
    assertThat(t.key(1)).isEqualTo("mesos.marathon.b.cpu_util");
  }

  @Test
  void depthsAreMergedApartAndFunctionsOrWildcardsAreAliased() {
    RenderTargets t =
        new RenderTargets(
            List.of(
                q("/a", "mesos.marathon.a.cpu_util"),
                q("/shop/web", "mesos.marathon.shop.web.cpu_util"),
                q("/avg", "averageSeries(servers.*.load)"),
                q("/w", "servers.*.load"),
                q("/shop/api", "mesos.marathon.shop.api.cpu_util")));
    assertThat(t.targets())
        .containsExactlyInAnyOrder(
            "alias(averageSeries(servers.*.load),\"pacer#2\")",
            "alias(servers.*.load,\"pacer#3\")",
            "mesos.marathon.a.cpu_util",
            "mesos.marathon.shop.{web,api}.cpu_util");
    assertThat(t.key(2)).isEqualTo("pacer#2");
    assertThat(t.key(4)).isEqualTo("mesos.marathon.shop.api.cpu_util");
  }

  @Test
  void twoAppsOnOneMetricShareItsSeries() {
    RenderTargets t = new RenderTargets(List.of(q("/a", "shared.load"), q("/b", "shared.load")));
    assertThat(t.targets()).containsExactly("shared.load");
    assertThat(t.key(0)).isEqualTo(t.key(1));
  }
}

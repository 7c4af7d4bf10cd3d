package dev.pacer.slacknotifier.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {
  final Routes routes =
      new Routes(
          Map.of(
              "pacer.scale.*", "#ops",
              "pacer.scale.held", "none",
              "pacer.registry.*", "",
              "*.label_invalid", "#pacer-errors"),
          "#deploys");

  @Test
  void aRouteBeatsTheAppsLabelAndTheMostSpecificRouteWins() {
    Map<String, String> labels = Map.of("slack.channel", "#team-web");
    assertThat(routes.channel("pacer.scale.applied", labels)).contains("#ops");
    assertThat(routes.channel("pacer.scale.held", labels)).isEmpty();
    assertThat(routes.channel("pacer.registry.push", Map.of())).isEmpty();
    assertThat(routes.channel("pacer.autoscale.label_invalid", labels)).contains("#pacer-errors");
  }

  @Test
  void withoutARouteTheAppsLabelThenTheDefault() {
    assertThat(routes.channel("pacer.deploy.started", Map.of("slack.channel", " #team-web ")))
        .contains("#team-web");
    assertThat(routes.channel("pacer.deploy.started", Map.of())).contains("#deploys");
    assertThat(new Routes(Map.of(), "").channel("pacer.deploy.started", Map.of())).isEmpty();
  }
}

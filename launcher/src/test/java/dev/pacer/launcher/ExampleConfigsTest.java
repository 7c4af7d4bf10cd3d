package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.PacerProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example configs in conf/ are valid for every daemon: no unknown key, no bad value. */
class ExampleConfigsTest {

  @ParameterizedTest
  @ValueSource(strings = {"pacer.conf", "demo.conf", "compose/pacer.conf"})
  void loadsAndPreparesEveryDaemon(String file) {
    Path path = Path.of("..", "conf", file);
    assertThat(path).exists();
    // the secrets conf/pacer.conf takes from the environment
    PacerProcess p =
        PacerProcess.prepare(
            ConfigLoader.load(
                Optional.of(path), Map.of("pacer.autodeployer.webhook-token", "from-the-env")),
            Daemons.ALL,
            Clock.systemUTC());
    java.util.List<String> four =
        java.util.List.of("autodeployer", "autoscaler", "agent-scaler", "slack-notifier");
    if (file.equals("pacer.conf")) {
      // a real cluster's starting point: the collector is off until asked for
      assertThat(p.enabledDaemons()).containsExactlyInAnyOrderElementsOf(four);
    } else {
      // the demo and the compose stack feed Graphite through the collector
      assertThat(p.enabledDaemons())
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.Stream.concat(four.stream(), java.util.stream.Stream.of("collector"))
                  .toList());
    }
  }

  @org.junit.jupiter.api.Test
  void pacerConfGivesEveryDaemonItEnablesWhatItNeeds() {
    com.typesafe.config.Config c =
        ConfigLoader.load(
            Optional.of(Path.of("..", "conf", "pacer.conf")),
            Map.of("pacer.autodeployer.webhook-token", "from-the-env"));
    com.typesafe.config.Config reference = com.typesafe.config.ConfigFactory.defaultReference();
    // not the reference's loopback defaults: each enabled daemon reaches a real system
    assertThat(c.getString("pacer.autoscaler.graphite.url"))
        .isNotEqualTo(reference.getString("pacer.autoscaler.graphite.url"))
        .startsWith("http");
    assertThat(c.getStringList("pacer.mesos.urls"))
        .isNotEqualTo(reference.getStringList("pacer.mesos.urls"));
    assertThat(c.getConfig("pacer.agent-scaler.pools").root()).isNotEmpty();
    assertThat(c.getString("pacer.agent-scaler.pools.scaling.group")).isNotBlank();
    assertThat(c.getString("pacer.slack.default-channel")).startsWith("#");
    assertThat(c.getStringList("pacer.marathon.urls"))
        .isNotEqualTo(reference.getStringList("pacer.marathon.urls"));
  }
}

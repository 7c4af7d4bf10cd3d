package dev.pacer.slacknotifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.pacer.common.config.ConfigInvalidException;
import dev.pacer.common.config.ConfigReader;
import org.junit.jupiter.api.Test;

class SlackNotifierConfigTest {
  private static SlackNotifierConfig read(String hocon) {
    ConfigReader r =
        new ConfigReader(
            ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    SlackNotifierConfig c = SlackNotifierConfig.read(r);
    r.throwIfInvalid();
    return c;
  }

  @Test
  void routesNameChannels() {
    SlackNotifierConfig c =
        read(
            "pacer.slack.routes { \"pacer.scale.*\" = \"#ops\", \"pacer.agents.*\" = C0123ABCD,"
                + " \"pacer.pause.*\" = \"@ann\", \"pacer.scale.held\" = none }");
    assertThat(c.routes())
        .containsEntry("pacer.scale.*", "#ops")
        .containsEntry("pacer.agents.*", "C0123ABCD")
        .containsEntry("pacer.scale.held", "none");
  }

  @Test
  void aRouteThatIsNoChannelIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                read(
                    "pacer.slack.routes { \"pacer.scale.*\" = 42, \"pacer.deploy.*\" = true,"
                        + " \"pacer.agents.*\" = \"ops channel\" }"))
        .isInstanceOf(ConfigInvalidException.class)
        .hasMessageContaining(
            "pacer.slack.routes.\"pacer.scale.*\": expected a channel, such as \"#ops\" or a"
                + " channel id (C0123ABC), or none, got number 42")
        .hasMessageContaining("got boolean true")
        .hasMessageContaining("got string \"ops channel\"");
  }
}

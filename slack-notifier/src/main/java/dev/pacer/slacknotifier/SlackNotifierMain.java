package dev.pacer.slacknotifier;

import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import dev.pacer.slacknotifier.delivery.ConsoleSink;
import dev.pacer.slacknotifier.delivery.SlackSink;
import dev.pacer.slacknotifier.delivery.TokenSink;
import dev.pacer.slacknotifier.delivery.WebhookSink;
import io.vertx.core.Deployable;
import java.util.Set;

/** Composition root of the slack-notifier: reads its config and builds its verticle. */
public final class SlackNotifierMain implements DaemonModule<SlackNotifierConfig> {
  public static final String NAME = "slack-notifier";

  public static void main(String[] args) {
    System.exit(StandaloneArgs.runDaemon(args, new SlackNotifierMain()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SlackNotifierConfig readConfig(ConfigReader reader) {
    return SlackNotifierConfig.read(reader);
  }

  @Override
  public boolean enabled(SlackNotifierConfig config) {
    return config.enabled();
  }

  @Override
  public Set<String> marathonEventTypes(SlackNotifierConfig config) {
    return Set.of("api_post_event", "deployment_step_success", "deployment_step_failure");
  }

  @Override
  public Deployable create(PacerRuntime runtime, SlackNotifierConfig c) {
    return new SlackNotifierVerticle(runtime, c, () -> sink(c));
  }

  static SlackSink sink(SlackNotifierConfig c) {
    return switch (c.mode()) {
      case "token" -> new TokenSink(c.token().reveal(), c.apiUrl(), c.timeout());
      case "webhook" -> new WebhookSink(c.webhookUrl().reveal(), c.timeout());
      default -> new ConsoleSink(System.out);
    };
  }
}

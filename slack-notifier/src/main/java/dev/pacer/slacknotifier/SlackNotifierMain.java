package dev.pacer.slacknotifier;

import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import io.vertx.core.Deployable;

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
  public Deployable create(PacerRuntime runtime, SlackNotifierConfig config) {
    return new SlackNotifierVerticle(runtime, config);
  }
}

package dev.pacer.slacknotifier;

import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;

/**
 * The slack-notifier's verticle. For now it has only its lifecycle and its part of {@code /status};
 * the daemon's own work is not built yet, and /status says {@code "work": "not built yet"}.
 */
public final class SlackNotifierVerticle extends DaemonVerticle {
  private final SlackNotifierConfig settings;

  public SlackNotifierVerticle(PacerRuntime runtime, SlackNotifierConfig config) {
    super(SlackNotifierMain.NAME, runtime);
    this.settings = config;
  }

  SlackNotifierConfig settings() {
    return settings;
  }

  @Override
  protected java.util.Map<String, Object> status() {
    return java.util.Map.of("work", "not built yet");
  }
}

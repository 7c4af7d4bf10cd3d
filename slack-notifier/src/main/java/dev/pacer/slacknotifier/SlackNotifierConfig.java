package dev.pacer.slacknotifier;

import dev.pacer.common.config.ConfigReader;

/** The typed {@code pacer.slack-notifier} block. */
public record SlackNotifierConfig(boolean enabled) {

  public static SlackNotifierConfig read(ConfigReader r) {
    return new SlackNotifierConfig(r.bool("pacer.slack-notifier.enabled"));
  }
}

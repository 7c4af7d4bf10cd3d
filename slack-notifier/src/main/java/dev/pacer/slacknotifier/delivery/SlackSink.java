package dev.pacer.slacknotifier.delivery;

import dev.pacer.slacknotifier.format.SlackMessage;

/**
 * Where messages go: Slack's Web API with a bot token, an incoming webhook, or the console. Calls
 * block (the delivery queue makes them on a worker thread) and never throw: every failure is an
 * {@link Outcome}.
 */
public interface SlackSink {
  /** {@code token}, {@code webhook} or {@code console}. */
  String mode();

  /**
   * Whether a message can be updated in place and replied to in a thread. A webhook cannot: each
   * state change is a message of its own.
   */
  boolean updatesInPlace();

  /** Posts a message, as a reply in the thread of {@code threadTs} unless that is null. */
  Outcome post(String channel, SlackMessage message, String threadTs);

  /** Replaces the message {@code ts} of {@code channelId} (as {@link Outcome.Posted} gave them). */
  Outcome update(String channelId, String ts, SlackMessage message);

  default void close() {}
}

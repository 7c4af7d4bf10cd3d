package dev.pacer.slacknotifier.plan;

import dev.pacer.slacknotifier.format.SlackMessage;

/**
 * One thing to do in a channel: post a message (under {@code key}, so later updates and replies
 * find it), update the message posted under {@code key}, or reply in its thread. {@code category}
 * names what it is in a "messages dropped" note; low-priority ops are the first dropped when a
 * channel's queue is full.
 */
public record Op(
    Kind kind, String key, SlackMessage message, boolean lowPriority, String category) {

  public enum Kind {
    POST,
    UPDATE,
    REPLY
  }

  public static Op post(String key, SlackMessage m, boolean lowPriority, String category) {
    return new Op(Kind.POST, key, m, lowPriority, category);
  }

  public static Op update(String key, SlackMessage m, String category) {
    return new Op(Kind.UPDATE, key, m, false, category);
  }

  public static Op reply(String parentKey, SlackMessage m, String category) {
    return new Op(Kind.REPLY, parentKey, m, false, category);
  }

  public Op withMessage(SlackMessage m) {
    return new Op(kind, key, m, lowPriority, category);
  }
}

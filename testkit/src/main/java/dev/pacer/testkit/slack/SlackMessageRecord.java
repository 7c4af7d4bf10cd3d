package dev.pacer.testkit.slack;

import io.vertx.core.json.JsonArray;
import java.util.List;

/**
 * One message as the Slack simulator holds it after its last update. {@code webhook} is the
 * incoming webhook's path for a webhook message, else empty; {@code threadTs} is the parent's ts
 * for a thread reply, else empty. {@code history} holds every text the message had, oldest first
 * (one entry plus one per {@code chat.update}).
 */
public record SlackMessageRecord(
    String channel,
    String ts,
    String threadTs,
    String text,
    JsonArray blocks,
    String webhook,
    List<String> history) {

  public boolean isReply() {
    return !threadTs.isEmpty();
  }

  public int updates() {
    return history.size() - 1;
  }

  /** The text and every block's JSON, for assertions that look for a word anywhere. */
  public String everything() {
    return text + "\n" + (blocks == null ? "" : blocks.encode());
  }
}

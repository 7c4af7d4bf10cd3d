package dev.pacer.slacknotifier.delivery;

import java.time.Duration;

/** What Slack said to one call, as the delivery queue acts on it. */
public sealed interface Outcome {
  /** Delivered; {@code channelId} and {@code ts} address it for updates and thread replies. */
  record Posted(String channelId, String ts) implements Outcome {}

  /** HTTP 429: wait {@code retryAfter}, then send the same message again. */
  record RateLimited(Duration retryAfter) implements Outcome {}

  /** 5xx, a timeout or a refused connection: sent again with backoff. */
  record Transient(String reason) implements Outcome {}

  /**
   * An error that sending again cannot fix for this channel ({@code channel_not_found}, {@code
   * not_in_channel}, {@code invalid_auth}, …): reported once, never retried.
   */
  record Permanent(String error) implements Outcome {}

  /** Slack refused this one message ({@code invalid_blocks}, {@code msg_too_long}, …). */
  record Refused(String error) implements Outcome {}

  /** The Web API's {@code error} codes that no retry can fix; the rest refuse one message. */
  static boolean isPermanent(String error) {
    return switch (error) {
      case "channel_not_found",
          "not_in_channel",
          "is_archived",
          "channel_is_archived",
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "no_permission",
          "missing_scope",
          "restricted_action",
          "ekm_access_denied",
          "team_access_not_granted",
          "invalid_token",
          "no_service",
          "no_team",
          "team_disabled",
          "action_prohibited",
          "posting_to_general_channel_denied" ->
          true;
      default -> false;
    };
  }
}

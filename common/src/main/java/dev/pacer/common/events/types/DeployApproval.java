package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code pacer.deploy.approval}: the approval a push to the app waits for, as it stands: {@code
 * state} {@code pending} (asked for, or a vote came), {@code approved} (the votes are in: it
 * deploys), {@code rejected}, {@code expired} (its {@code deadline} passed) or {@code superseded}
 * (by a newer push, {@code superseded-by}). {@code image} is what it would set, {@code
 * previous-image} what runs; {@code votes} are every vote so far, {@code needed} the approvals the
 * label asks for. Each change of one approval ({@code id}) is one such event, so a consumer keeps
 * one message per approval and shows the latest.
 */
public record DeployApproval(
    @JsonUnwrapped Facts facts,
    String id,
    String state,
    int needed,
    Instant deadline,
    List<Vote> votes,
    String supersededBy)
    implements DeployEvent {

  @Override
  public String type() {
    return EventTypes.DEPLOY_APPROVAL;
  }

  public static final String PENDING = "pending";
  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";
  public static final String EXPIRED = "expired";
  public static final String SUPERSEDED = "superseded";

  /**
   * One person's vote: {@code approve} or {@code reject}, given through {@code via} ({@code slack},
   * {@code cli}); {@code who} is who voted (a Slack user id through Slack), {@code name} how to
   * show them (empty: as {@code who}).
   */
  public record Vote(String who, String name, String vote, String via, Instant at, String reason) {
    public Vote {
      EventTypes.require(who, "who");
      EventTypes.require(vote, "vote");
      name = Objects.requireNonNullElse(name, "");
      via = Objects.requireNonNullElse(via, "");
      reason = Objects.requireNonNullElse(reason, "");
    }
  }

  public DeployApproval {
    EventTypes.require(id, "id");
    EventTypes.require(state, "state");
    EventTypes.require(deadline, "deadline");
    votes = votes == null ? List.of() : List.copyOf(votes);
  }

  /** The approvals given so far. */
  public long approvals() {
    return votes.stream().filter(v -> "approve".equals(v.vote())).count();
  }

  /** Whether it is still waiting for votes. */
  public boolean pending() {
    return PENDING.equals(state);
  }
}

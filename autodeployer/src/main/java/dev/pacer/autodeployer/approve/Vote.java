package dev.pacer.autodeployer.approve;

import dev.pacer.common.control.Pause;
import dev.pacer.common.events.types.DeployApproval;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One person's vote on an approval: {@code approve} or {@code reject}, given through {@code via}
 * ({@code slack}, {@code cli}); {@code name} is how to show {@code who} (a Slack user's name). Kept
 * in the control store as the record {@code vote:<approval id>:<who>}: one per person, and votes
 * given through different replicas never overwrite each other. Pure.
 */
public record Vote(
    String approval, String who, String vote, String via, String name, Instant at, String reason) {

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";

  public static String prefix(String approvalId) {
    return Pause.VOTE_PREFIX + approvalId + ":";
  }

  public boolean approves() {
    return APPROVE.equals(vote);
  }

  /** Its record in the store, kept as long as its approval's ({@code until}). */
  Pause record(Instant until) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("vote", vote);
    d.put("via", via);
    if (!name.isEmpty()) {
      d.put("name", name);
    }
    return new Pause(prefix(approval) + who, at, until, reason, who, d);
  }

  static Vote of(Pause r) {
    String rest = r.scope().substring(Pause.VOTE_PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon <= 0 || colon == rest.length() - 1) {
      throw new IllegalArgumentException(r.scope() + " is not a vote");
    }
    Map<String, String> d = r.data();
    String vote = d.getOrDefault("vote", "");
    if (!vote.equals(APPROVE) && !vote.equals(REJECT)) {
      throw new IllegalArgumentException(r.scope() + ": vote is '" + vote + "'");
    }
    return new Vote(
        rest.substring(0, colon),
        rest.substring(colon + 1),
        vote,
        d.getOrDefault("via", ""),
        d.getOrDefault("name", ""),
        r.at(),
        r.reason());
  }

  /** As {@code pacer.deploy.approval} carries it. */
  DeployApproval.Vote event() {
    return new DeployApproval.Vote(who, name, vote, via, at, reason);
  }
}

package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.marathon.MarathonApp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app's deploy lane, as a value: at most one deploy in flight ({@link #work}), at most one push
 * waiting (the newest, {@link #queued}), and what {@code /status} shows. Changed only by {@link
 * LaneMachine#step}.
 *
 * @param epoch which answers the lane still waits for: every effect carries it, and an answer from
 *     an older epoch is ignored
 * @param rolledBack the digests rolled back from this app lately, newest last (a few: a redelivery
 *     is soon)
 * @param last the last outcome (outcome, image, reason, at)
 * @param checking while the pushed tag is not in the registry yet: image, since, checks, why
 * @param retrying a push being delivered again after something passing: image, since, attempts,
 *     last-error
 * @param tags the app's tag policy as the last push or read gave it: the waiting push is the newest
 *     by it
 */
public record LaneState(
    String appId,
    Phase phase,
    long epoch,
    Work work,
    ImagePush queued,
    boolean forceNext,
    int retries,
    List<String> rolledBack,
    Map<String, Object> last,
    Map<String, Object> checking,
    Map<String, Object> retrying,
    dev.pacer.autodeployer.policy.TagPolicy tags) {

  /** Where the lane is; every phase but IDLE waits for one answer. */
  public enum Phase {
    IDLE,
    /** Reading the app and its policy. */
    READING,
    /** Asking the registry for the pushed tag. */
    CHECKING,
    /** The PUT is in flight. */
    PUTTING,
    /** The PUT went unanswered: reading what Marathon has, to tell whether it took. */
    VERIFYING,
    /** Following the deployment the PUT started. */
    FOLLOWING,
    /** The deployment left Marathon's list: reading the app to judge how it ended. */
    JUDGING,
    /** The rollback's DELETE or PUT is in flight. */
    ROLLING_BACK,
    /** Following the rollback's deployment. */
    SETTLING,
    /** Someone else's deployments lock the app; the push waits in {@link #queued}. */
    LOCKED
  }

  /**
   * The deploy in flight.
   *
   * @param ticket completed when the push is taken (0: a queued push, nobody waits)
   * @param before the app as it was before the PUT (its image and labels are rolled back to)
   * @param deploymentId the followed deployment, or the ids that lock the app
   * @param endReason Marathon's reason when the deployment ended
   * @param reverting the rollback reverts the running deployment (rather than PUT the image back)
   */
  public record Work(
      ImagePush push,
      long ticket,
      boolean force,
      MarathonApp before,
      DeployDecision.Deploy deploy,
      boolean rollback,
      String image,
      String deploymentId,
      String endReason,
      boolean reverting) {
    public Work {
      deploymentId = deploymentId == null ? "" : deploymentId;
      endReason = endReason == null ? "" : endReason;
    }

    static Work of(ImagePush push, long ticket, boolean force) {
      return new Work(push, ticket, force, null, null, false, null, "", "", false);
    }

    Work planned(MarathonApp app, DeployDecision.Deploy d, boolean rollBack) {
      return new Work(push, ticket, force, app, d, rollBack, null, "", "", false);
    }

    /** Marathon took it: the ticket is spent, the deployment followed. */
    Work accepted(String id) {
      return new Work(push, 0, force, before, deploy, rollback, deploy.image(), id, "", false);
    }

    Work ended(String reason) {
      return new Work(
          push, ticket, force, before, deploy, rollback, image, deploymentId, reason, reverting);
    }

    Work reverting(boolean revert) {
      return new Work(
          push, ticket, force, before, deploy, rollback, image, deploymentId, endReason, revert);
    }

    Work locked(String ids) {
      return new Work(push, 0, force, null, null, false, null, ids, "", false);
    }
  }

  public LaneState {
    rolledBack = List.copyOf(rolledBack);
    last = last == null ? Map.of() : last;
    tags = tags == null ? dev.pacer.autodeployer.policy.TagPolicy.GLOB : tags;
  }

  /** A lane that never did anything. */
  public static LaneState idle(String appId) {
    return new LaneState(
        appId, Phase.IDLE, 0, null, null, false, 0, List.of(), Map.of(), null, null, null);
  }

  public boolean busy() {
    return phase != Phase.IDLE;
  }

  /** An image of Pacer's is in Marathon's hands (from the PUT's answer to the lane's end). */
  public String inFlightImage() {
    return work == null ? null : work.image();
  }

  public boolean wasRolledBack(String digest) {
    return digest != null && !digest.isEmpty() && rolledBack.contains(digest);
  }

  /** What keeps the lane busy, in words, for the log line of a push that waits. */
  public String doing() {
    if (inFlightImage() != null) {
      return "deploying " + work.image() + " (deployment " + work.deploymentId() + ")";
    }
    if (checking != null) {
      return "waiting for " + checking.get("image") + " to show up in the registry";
    }
    if (phase == Phase.LOCKED) {
      return "waiting out someone else's deployment " + work.deploymentId();
    }
    return "preparing a deploy";
  }

  /** The lane's part of {@code /status}. */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("last", last);
    if (inFlightImage() != null) {
      s.put("in-flight", Map.of("image", work.image(), "deployment", work.deploymentId()));
    }
    if (checking != null) {
      s.put("waiting-for-tag", checking);
    }
    if (retrying != null) {
      s.put("retrying", retrying);
    }
    if (queued != null) {
      s.put("queued", queued.reference());
    }
    return s;
  }

  static Map<String, Object> outcome(String outcome, String image, String reason, Instant at) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcome", outcome);
    m.put("image", image);
    m.put("reason", reason);
    m.put("at", at.toString());
    return java.util.Collections.unmodifiableMap(m);
  }
}

package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.events.types.DeployEvent;
import dev.pacer.common.marathon.MarathonApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a lane asks its interpreter to do. Each one that answers carries the lane's epoch, which its
 * answer ({@link LaneInput}) carries back.
 */
public sealed interface LaneEffect {

  /** Read the app from Marathon (and, for a push, its policy from the index). */
  record ReadApp(long epoch, boolean forPush) implements LaneEffect {}

  /** Ask the registry whether the pushed tag still points at the pushed digest. */
  record CheckManifest(long epoch, ImagePush push, Duration grace) implements LaneEffect {}

  /** PUT the image and labels. */
  record Put(long epoch, MarathonApp before, DeployDecision.Deploy deploy, boolean force)
      implements LaneEffect {}

  /**
   * Read the app and the deployments in flight: did the PUT that went unanswered take? ({@code
   * original} comes back in the answer.)
   */
  record ReadBack(long epoch, LaneInput.Failure original) implements LaneEffect {}

  /** Follow one deployment to its end. */
  record Track(long epoch, String deploymentId, Duration timeout) implements LaneEffect {}

  /** Wait for every deployment that locks the app to end. */
  record AwaitUnlock(long epoch, List<String> deploymentIds, Duration timeout)
      implements LaneEffect {}

  /** Revert a running deployment (DELETE: Marathon puts the previous definition back). */
  record Revert(long epoch, String deploymentId) implements LaneEffect {}

  /**
   * PUT the previous image back with the labels that describe it; a label mapped to null is taken
   * off.
   */
  record Restore(long epoch, String image, Map<String, String> labels) implements LaneEffect {
    public Restore {
      labels = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(labels));
    }
  }

  /** Publish one {@code pacer.deploy.*} event; its outcome completes {@code ticket} (0: none). */
  record Publish(DeployEvent data, long ticket) implements LaneEffect {
    public String type() {
      return data.type();
    }
  }

  /** Complete a push's ticket: taken or queued ({@code failure} null), or to be redelivered. */
  record Complete(long ticket, LaneInput.Failure failure) implements LaneEffect {}

  /** Fire {@link LaneInput.TimerFired} after {@code after}. */
  record Arm(long epoch, Timer timer, Duration after) implements LaneEffect {}

  /** One line in the log. */
  record Log(Level level, String message) implements LaneEffect {}

  /** Count a push that deployed nothing for a reason worth a graph (the tag never came). */
  record CountSkipped() implements LaneEffect {}

  /** Quarantine {@code digest} for the app (rolled back from it), where pauses are stored. */
  record Quarantine(String digest, String why) implements LaneEffect {}

  /**
   * Ask for an approval of {@code push} ({@code image} to set, {@code previous} running): {@code
   * needed} votes within {@code deadline}; it supersedes {@code supersedes} (an approval id, or
   * null).
   */
  record RequestApproval(
      ImagePush push,
      String image,
      String previous,
      String reason,
      int needed,
      Duration deadline,
      String supersedes)
      implements LaneEffect {}

  /** The push the approval {@code id} let through is done with ({@code outcome}): it ends. */
  record SettleApproval(String id, String outcome) implements LaneEffect {}

  /** The lane's timers. */
  enum Timer {
    /** Still locked after {@code force-after}: deploy with {@code force}. */
    FORCE,
    /** A queued push failed on something passing: try it again. */
    RETRY
  }

  /** Log levels the lane uses. */
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }
}

package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.common.marathon.Deployment;
import dev.pacer.common.marathon.DeploymentRef;
import dev.pacer.common.marathon.MarathonApp;
import java.util.List;

/**
 * What happens to a lane: a push, or the answer to an effect the lane asked for. Every answer
 * carries the {@code epoch} of the effect it answers; the machine ignores an answer whose epoch is
 * not the lane's (a stale timer, the end of a wait that was given up).
 */
public sealed interface LaneInput {

  /** A matching push; {@code ticket} is completed when the lane took or queued it (0: none). */
  /**
   * A push for the app. {@code tags} is the app's tag policy when it was matched: a busy lane keeps
   * the newest waiting push by it (by push time for a glob), and a tag it refuses never waits.
   */
  record Push(ImagePush push, long ticket, dev.pacer.autodeployer.policy.TagPolicy tags)
      implements LaneInput {
    public Push(ImagePush push, long ticket) {
      this(push, ticket, dev.pacer.autodeployer.policy.TagPolicy.GLOB);
    }
  }

  /** A rollback made by hand ({@code pacer rollback}), for the lane's record. */
  record ManualRollback(String image, String reason) implements LaneInput {}

  /**
   * The app as Marathon has it, its policy ({@code null}: no longer watched), the deploy freeze
   * that holds it ({@code frozen}, the freeze described; null when none), and the digests
   * quarantined for it; {@code quarantineStore}: they come from the pause store, which then decides
   * alone (see {@link TestPlanner#decide}); {@code awaiting}: the approval the app waits for, if
   * any ({@link ApprovalGate}).
   */
  record AppRead(
      long epoch,
      MarathonApp app,
      AutodeployPolicy policy,
      String frozen,
      java.util.Set<String> quarantined,
      boolean quarantineStore,
      ApprovalGate.Awaiting awaiting)
      implements LaneInput {
    public AppRead {
      quarantined = quarantined == null ? java.util.Set.of() : java.util.Set.copyOf(quarantined);
    }

    public AppRead(long epoch, MarathonApp app, AutodeployPolicy policy) {
      this(epoch, app, policy, null, null, false, null);
    }

    public AppRead(
        long epoch,
        MarathonApp app,
        AutodeployPolicy policy,
        String frozen,
        java.util.Set<String> quarantined,
        boolean quarantineStore) {
      this(epoch, app, policy, frozen, quarantined, quarantineStore, null);
    }
  }

  /** A deploy freeze of the app ended: the push it held, if any, goes now. */
  record Thaw() implements LaneInput {}

  /** A Marathon read, the manifest check or the PUT failed. */
  record Failed(long epoch, Failure failure) implements LaneInput {}

  /** The registry has not linked the tag yet; it is asked again ({@code attempt} so far). */
  record ManifestWaiting(long epoch, int attempt) implements LaneInput {}

  /** The manifest check's answer, after {@code attempts} requests. */
  record ManifestChecked(long epoch, Manifest result, int attempts) implements LaneInput {}

  /** Marathon took the PUT. */
  record Accepted(long epoch, DeploymentRef ref) implements LaneInput {}

  /**
   * What Marathon has after a PUT it did not answer: the app and the deployments in flight, or null
   * when they could not be read; {@code original} is the PUT's failure.
   */
  record ReadBack(long epoch, MarathonApp app, List<Deployment> deployments, Failure original)
      implements LaneInput {
    public ReadBack {
      deployments = deployments == null ? null : List.copyOf(deployments);
    }
  }

  /** The deployment the lane follows ended. */
  record Ended(long epoch, Ending ending, String reason) implements LaneInput {}

  /** Marathon took the rollback. */
  record RollbackAccepted(long epoch, DeploymentRef ref) implements LaneInput {}

  /** Every deployment that locked the app ended. */
  record Unlocked(long epoch) implements LaneInput {}

  /** A timer the lane armed fired. */
  record TimerFired(long epoch, LaneEffect.Timer timer) implements LaneInput {}

  /** Why an effect failed, as the lane tells them apart. */
  sealed interface Failure {
    String message();

    /** The original error, for the push's ticket; null in tests. */
    Throwable cause();
  }

  /** Deployments of someone else lock the app (Marathon's 409). */
  record Locked(List<String> deploymentIds, String message, Throwable cause) implements Failure {
    public Locked {
      deploymentIds = List.copyOf(deploymentIds);
    }
  }

  /** The app is not in Marathon. */
  record Gone(String message, Throwable cause) implements Failure {}

  /** Anything passing: unreachable, a timeout, an error of the registry. */
  record Passing(String message, Throwable cause) implements Failure {}

  /**
   * Marathon answered a 5xx or not at all: a write may have been applied anyway (its write timed
   * out on its side). Otherwise as {@link Passing}.
   */
  record Unanswered(String message, Throwable cause) implements Failure {}

  /** The registry's answer about the pushed tag. */
  enum Manifest {
    PRESENT,
    ABSENT,
    MOVED,
    NOT_CHECKED
  }

  /** How a followed deployment ended; GONE: it left Marathon's list, judged from the app. */
  enum Ending {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    GONE
  }
}

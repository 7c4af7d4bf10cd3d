package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.plan.LaneEffect.Level;
import dev.pacer.autodeployer.plan.LaneEffect.Timer;
import dev.pacer.autodeployer.plan.LaneState.Phase;
import dev.pacer.autodeployer.plan.LaneState.Work;
import dev.pacer.common.events.types.DeployRolledBack;
import dev.pacer.common.marathon.DeploymentRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping of one {@link LaneMachine} step: a working copy of the lane, the effects asked
 * for so far, and the small changes every transition shares. The transitions themselves are in
 * {@link LaneMachine}.
 */
abstract class LaneStep {
  final String appId;
  final Instant now;
  final List<LaneEffect> effects = new ArrayList<>();
  Phase phase;
  long epoch;
  Work work;
  ImagePush queued;
  boolean forceNext;
  int retries;
  List<String> rolledBack;
  Map<String, Object> last;
  Map<String, Object> checking;
  Map<String, Object> retrying;
  dev.pacer.autodeployer.policy.TagPolicy tags;

  final LaneMachine.Settings settings;

  LaneStep(LaneState s, Instant now, LaneMachine.Settings settings) {
    this.settings = settings;
    this.appId = s.appId();
    this.now = now;
    phase = s.phase();
    epoch = s.epoch();
    work = s.work();
    queued = s.queued();
    forceNext = s.forceNext();
    retries = s.retries();
    rolledBack = s.rolledBack();
    last = s.last();
    checking = s.checking();
    retrying = s.retrying();
    tags = s.tags();
  }

  LaneState build() {
    return new LaneState(
        appId,
        phase,
        epoch,
        work,
        queued,
        forceNext,
        retries,
        rolledBack,
        last,
        checking,
        retrying,
        tags);
  }

  void log(Level level, String message) {
    effects.add(new LaneEffect.Log(level, "app=" + appId + " " + message));
  }

  /** Moves to {@code next}; every answer to the phase left behind is stale from now on. */
  long enter(Phase next) {
    phase = next;
    return ++epoch;
  }

  void record(String outcome, String image, String reason) {
    last = LaneState.outcome(outcome, image, reason, now);
    retrying = null;
  }

  /** Keeps {@code push} if it is newer than the one waiting; says whether it was kept. */
  /**
   * Keeps {@code push} as the one waiting when it is newer than the one waiting: under a tag policy
   * that orders tags, by its order (the same tag moved: by push time); else by push time.
   */
  boolean offer(ImagePush push) {
    int byTag =
        queued == null || !tags.ordersTags() || push.tag().equals(queued.tag())
            ? 0
            : tags.compare(push.tag(), queued.tag());
    if (queued == null || byTag > 0 || (byTag == 0 && push.pushedAt().isAfter(queued.pushedAt()))) {
      if (queued != null && queued != push) {
        settle(queued, "not deployed: the newer push " + push.reference() + " took its place");
      }
      queued = push;
      return true;
    }
    return false;
  }

  /** The approval that let {@code push} through, if one did, is done with it. */
  void settle(ImagePush push, String outcome) {
    if (!push.approval().isEmpty()) {
      effects.add(new LaneEffect.SettleApproval(push.approval(), outcome));
    }
  }

  /**
   * A push that would deploy to an app whose label asks for approvals: it asks for one (superseding
   * the approval the app waits for), or is skipped when that one is for the same image or a newer
   * one ({@link ApprovalGate}). The lane does not keep it: the approval store does.
   */
  void awaitApproval(
      ImagePush push,
      dev.pacer.common.marathon.MarathonApp app,
      DeployDecision.Deploy deploy,
      dev.pacer.autodeployer.policy.AutodeployPolicy policy,
      ApprovalGate.Awaiting awaiting) {
    DeployDecision.Skip skip = ApprovalGate.check(push, policy.tags(), awaiting);
    if (skip != null) {
      log(Level.INFO, "skips " + push.reference() + ": " + skip.reason());
      record("skipped", push.reference(), skip.reason());
      effects.add(
          new LaneEffect.Publish(
              new dev.pacer.common.events.types.DeploySkipped(
                  DeployFacts.of(push.reference(), app.image(), "", push, skip.reason()),
                  skip.rule()),
              0));
      return;
    }
    String why =
        policy.approvals()
            + (policy.approvals() == 1 ? " approval" : " approvals")
            + " needed within "
            + dev.pacer.common.control.PauseRequest.human(policy.approvalDeadline())
            + (awaiting == null ? "" : "; supersedes approval " + awaiting.id());
    log(Level.INFO, "asks for approval of " + deploy.image() + ": " + why);
    record("awaiting_approval", deploy.image(), why);
    effects.add(
        new LaneEffect.RequestApproval(
            push,
            deploy.image(),
            app.image(),
            deploy.reason(),
            policy.approvals(),
            policy.approvalDeadline(),
            awaiting == null ? null : awaiting.id()));
  }

  void complete(long ticket, LaneInput.Failure failure) {
    if (ticket != 0) {
      effects.add(new LaneEffect.Complete(ticket, failure));
    }
  }

  void waiting(int attempt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", work.push().reference());
    m.put("since", checking == null ? now.toString() : checking.get("since"));
    m.put("checks", attempt);
    m.put("why", "the registry has no such tag yet; asking again");
    checking = java.util.Collections.unmodifiableMap(m);
  }

  void retrying(String reference, String error) {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean same = retrying != null && reference.equals(retrying.get("image"));
    m.put("image", reference);
    m.put("since", same ? retrying.get("since") : now.toString());
    m.put("attempts", same ? (Integer) retrying.get("attempts") + 1 : 1);
    m.put("last-error", error);
    retrying = java.util.Collections.unmodifiableMap(m);
  }

  boolean wasRolledBack(String digest) {
    return !digest.isEmpty() && rolledBack.contains(digest);
  }

  long ticket() {
    return work.ticket();
  }

  /** An answer for an epoch the lane has left, or that its phase does not wait for. */
  static boolean stale(LaneState state, LaneInput input) {
    Phase p = state.phase();
    if (input instanceof LaneInput.AppRead a) {
      return a.epoch() != state.epoch() || !(p == Phase.READING || p == Phase.JUDGING);
    }
    if (input instanceof LaneInput.Failed f) {
      return f.epoch() != state.epoch()
          || !(p == Phase.READING
              || p == Phase.CHECKING
              || p == Phase.PUTTING
              || p == Phase.JUDGING
              || p == Phase.ROLLING_BACK);
    }
    if (input instanceof LaneInput.ReadBack r) {
      return r.epoch() != state.epoch() || p != Phase.VERIFYING;
    }
    if (input instanceof LaneInput.ManifestWaiting w) {
      return w.epoch() != state.epoch() || p != Phase.CHECKING;
    }
    if (input instanceof LaneInput.ManifestChecked c) {
      return c.epoch() != state.epoch() || p != Phase.CHECKING;
    }
    if (input instanceof LaneInput.Accepted a) {
      return a.epoch() != state.epoch() || p != Phase.PUTTING;
    }
    if (input instanceof LaneInput.Ended e) {
      return e.epoch() != state.epoch() || !(p == Phase.FOLLOWING || p == Phase.SETTLING);
    }
    if (input instanceof LaneInput.RollbackAccepted r) {
      return r.epoch() != state.epoch() || p != Phase.ROLLING_BACK;
    }
    if (input instanceof LaneInput.Unlocked u) {
      return u.epoch() != state.epoch() || p != Phase.LOCKED;
    }
    if (input instanceof LaneInput.TimerFired t) {
      return t.epoch() != state.epoch()
          || p != (t.timer() == Timer.FORCE ? Phase.LOCKED : Phase.IDLE);
    }
    return true;
  }

  static final int REMEMBERED_ROLLBACKS = 16;

  /** Remembers a digest rolled back from the app (the last few), so a redelivery skips it. */
  void remember(String digest) {
    if (digest.isEmpty()) {
      return;
    }
    List<String> r = new ArrayList<>(rolledBack);
    r.remove(digest);
    r.add(digest);
    if (r.size() > REMEMBERED_ROLLBACKS) {
      r.remove(0);
    }
    rolledBack = List.copyOf(r);
  }

  // ---- transitions the machine shares with the ones below ----

  abstract void accepted(DeploymentRef ref);

  abstract void failed(LaneInput.Failure f);

  abstract void free();

  /**
   * After an unanswered PUT: it took when the app runs the image with this push's time, and the
   * deployment that carries it is the one of the app's new version (none: over already).
   */
  void readBack(LaneInput.ReadBack r) {
    DeployDecision.Deploy deploy = work.deploy();
    boolean took =
        r.app() != null
            && r.app().image().equals(deploy.image())
            && r.app()
                .labels()
                .getOrDefault(DeploymentPlanner.IMAGE_PUSHED_AT, "")
                .equals(deploy.labels().get(DeploymentPlanner.IMAGE_PUSHED_AT));
    if (!took) {
      failed(r.original());
      return;
    }
    String id =
        r.deployments().stream()
            .filter(d -> d.affectedApps().contains(appId) && d.version().equals(r.app().version()))
            .map(dev.pacer.common.marathon.Deployment::id)
            .findFirst()
            .orElse("");
    log(
        Level.WARN,
        "Marathon answered "
            + r.original().message()
            + " but applied "
            + deploy.image()
            + " (version "
            + r.app().version()
            + ", deployment_id="
            + (id.isEmpty() ? "already over" : id)
            + "): following it");
    accepted(new DeploymentRef(id, r.app().version()));
  }

  void rolledBack(DeploymentRef ref) {
    String failed = failedDigest();
    remember(failed);
    String previous = work.before().image();
    record("rolled_back", previous, "from " + work.image());
    boolean running = work.reverting();
    String why =
        running ? "reverted deployment " + work.deploymentId() : "put the previous image back";
    if (!failed.isEmpty()) {
      // never again automatically, under any tag, until lifted; stored where pauses are
      effects.add(
          new LaneEffect.Quarantine(
              failed, "rolled back from " + work.image() + " (" + work.endReason() + ")"));
    }
    effects.add(
        new LaneEffect.Publish(
            new DeployRolledBack(
                DeployFacts.of(previous, work.image(), ref.deploymentId(), null, why),
                null,
                failed.isEmpty() ? null : failed),
            0));
    effects.add(
        new LaneEffect.Track(enter(Phase.SETTLING), ref.deploymentId(), settings.deployTimeout()));
  }

  void rollbackFailed(LaneInput.Failure f) {
    String previous = work.before().image();
    log(Level.ERROR, "rollback to " + previous + " failed: " + f.message());
    last = LaneState.outcome("rollback_failed", previous, f.message(), now);
    free();
  }

  String failedDigest() {
    return work.deploy().labels().getOrDefault(DeploymentPlanner.IMAGE_DIGEST, "");
  }
}

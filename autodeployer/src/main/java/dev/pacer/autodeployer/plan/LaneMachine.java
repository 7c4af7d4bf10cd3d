package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.plan.LaneEffect.Level;
import dev.pacer.autodeployer.plan.LaneEffect.Timer;
import dev.pacer.autodeployer.plan.LaneInput.Ending;
import dev.pacer.autodeployer.plan.LaneState.Phase;
import dev.pacer.autodeployer.plan.LaneState.Work;
import dev.pacer.common.events.types.DeployFailed;
import dev.pacer.common.events.types.DeploySkipped;
import dev.pacer.common.events.types.DeployStarted;
import dev.pacer.common.events.types.DeploySucceeded;
import dev.pacer.common.marathon.DeploymentRef;
import dev.pacer.common.marathon.MarathonApp;
import dev.pacer.common.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The autodeploy lane as a pure state machine: {@code (LaneState, LaneInput) -> (LaneState,
 * effects)}. One deploy in flight per app; a push that arrives meanwhile waits (only the newest)
 * and goes out when the running deployment ends, so an app steps straight to the newest image and
 * nothing is forced unless {@code force-after} says so; a failed deployment is rolled back when the
 * policy asks. Every decision of the autodeployer's pipeline after "which apps match" is made here;
 * the interpreter ({@code deploy.Autodeployer}) only carries effects out and feeds their answers
 * back. No IO, no clock: {@code now} comes with each step.
 */
public final class LaneMachine {

  /** The settings the lane decides with. */
  public record Settings(
      Duration deployTimeout,
      boolean rollbackDefault,
      Duration forceAfter,
      Duration retryFor,
      boolean manifestCheck,
      Duration manifestGrace) {}

  /** The lane after one input, and what to do about it, in order. */
  public record Transition(LaneState state, List<LaneEffect> effects) {
    public Transition {
      effects = List.copyOf(effects);
    }
  }

  private static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

  private final Settings settings;

  public LaneMachine(Settings settings) {
    this.settings = settings;
  }

  /** The one entry point. */
  public Transition step(LaneState state, LaneInput input, Instant now) {
    Step s = new Step(state, now);
    if (input instanceof LaneInput.Push p) {
      s.push(p.push(), p.ticket(), p.tags());
    } else if (input instanceof LaneInput.Thaw) {
      // only a push a freeze holds: a queued push waiting for its retry keeps its backoff
      if (state.phase() == Phase.IDLE
          && state.queued() != null
          && "held".equals(state.last().get("outcome"))) {
        s.log(Level.INFO, "the deploy freeze ended; " + state.queued().reference() + " goes now");
        s.free();
      }
    } else if (input instanceof LaneInput.ManualRollback m) {
      s.last = LaneState.outcome("rolled_back", m.image(), m.reason(), now);
      s.retrying = null;
    } else if (LaneStep.stale(state, input)) {
      s.log(Level.DEBUG, "ignores a stale " + input.getClass().getSimpleName());
    } else {
      s.answer(input);
    }
    return new Transition(s.build(), s.effects);
  }

  /** One step's working copy of the lane, and the effects it asks for. */
  private final class Step extends LaneStep {
    Step(LaneState s, Instant now) {
      super(s, now, LaneMachine.this.settings);
    }

    void push(ImagePush push, long ticket, dev.pacer.autodeployer.policy.TagPolicy policy) {
      tags = policy;
      if (phase != Phase.IDLE) {
        String refused = tags.refuses(push.tag());
        if (refused != null) { // never waits: it would only be skipped when its turn came
          log(Level.INFO, "skips " + push.reference() + ": " + refused);
          skipped(push.reference(), "", push, "policy", refused + " (policy " + tags + ")");
          settle(push, "not deployed: " + refused);
        } else if (offer(push)) {
          log(Level.INFO, "busy " + build().doing() + "; " + push.reference() + " waits for it");
        } else {
          String reason =
              push.tag()
                  + " is not newer than the waiting "
                  + queued.tag()
                  + (tags.ordersTags() ? " (policy " + tags + ")" : "");
          if (tags.ordersTags()) {
            log(Level.INFO, "skips " + push.reference() + ": " + reason);
            skipped(push.reference(), "", push, "older", reason);
          }
          settle(push, "not deployed: " + reason);
        }
        complete(ticket, null);
        return;
      }
      run(push, ticket);
    }

    void run(ImagePush push, long ticket) {
      work = Work.of(push, ticket, forceNext);
      forceNext = false;
      effects.add(new LaneEffect.ReadApp(enter(Phase.READING), true));
    }

    void answer(LaneInput input) {
      if (input instanceof LaneInput.AppRead a) {
        if (phase == Phase.JUDGING) {
          finish(a.app().image().equals(work.image()) ? Ending.SUCCEEDED : Ending.FAILED);
        } else {
          read(a.app(), a);
        }
      } else if (input instanceof LaneInput.Failed f) {
        if (phase == Phase.JUDGING) {
          finish(Ending.FAILED);
        } else if (phase == Phase.ROLLING_BACK) {
          rollbackFailed(f.failure());
        } else {
          failed(f.failure());
        }
      } else if (input instanceof LaneInput.ManifestWaiting w) {
        waiting(w.attempt());
      } else if (input instanceof LaneInput.ManifestChecked c) {
        checked(c.result(), c.attempts());
      } else if (input instanceof LaneInput.Accepted a) {
        accepted(a.ref());
      } else if (input instanceof LaneInput.ReadBack r) {
        readBack(r);
      } else if (input instanceof LaneInput.Ended e) {
        if (phase == Phase.SETTLING) {
          free();
        } else {
          ended(e.ending(), e.reason());
        }
      } else if (input instanceof LaneInput.RollbackAccepted r) {
        rolledBack(r.ref());
      } else if (input instanceof LaneInput.TimerFired t && t.timer() == Timer.FORCE) {
        log(
            Level.WARN,
            "still locked by "
                + work.deploymentId()
                + " after "
                + settings.forceAfter()
                + ": forcing");
        forceNext = true;
        free();
      } else {
        free(); // unlocked, or the retry timer of a queued push
      }
    }

    void read(MarathonApp app, LaneInput.AppRead a) {
      ImagePush push = work.push();
      if (a.policy() == null) { // no longer watched: nothing to do
        settle(push, "not deployed: the app no longer has an autodeploy label");
        phase = Phase.IDLE;
        long ticket = work.ticket();
        work = null;
        complete(ticket, null);
        return;
      }
      tags = a.policy().tags();
      DeployDecision decision =
          TestPlanner.decide(
              push,
              app,
              a.policy(),
              wasRolledBack(push.digest()),
              a.quarantined(),
              a.quarantineStore());
      if (decision instanceof DeployDecision.Deploy && a.frozen() != null) {
        // a freeze holds only what would deploy; what would be skipped is skipped now
        held(push, app, a.frozen());
        return;
      }
      if (decision instanceof DeployDecision.Skip skip) {
        log(Level.INFO, "skips " + push.reference() + ": " + skip.reason());
        record("skipped", push.reference(), skip.reason());
        skipped(push.reference(), app.image(), push, skip.rule(), skip.reason());
        done();
        return;
      }
      DeployDecision.Deploy deploy = (DeployDecision.Deploy) decision;
      if (a.policy().dryRun()) {
        log(Level.INFO, "would deploy " + deploy.image() + " (label dryRun): " + deploy.reason());
        record("dry_run", deploy.image(), deploy.reason());
        effects.add(
            new LaneEffect.Publish(
                new dev.pacer.common.events.types.DeployDryRun(
                    DeployFacts.of(deploy.image(), app.image(), "", push, deploy.reason())),
                0));
        done();
        return;
      }
      if (a.policy().needsApproval() && push.approval().isEmpty()) {
        awaitApproval(push, app, deploy, a.policy(), a.awaiting());
        done();
        return;
      }
      work = work.planned(app, deploy, a.policy().rollbackOr(settings.rollbackDefault()));
      if (settings.manifestCheck()) {
        effects.add(
            new LaneEffect.CheckManifest(enter(Phase.CHECKING), push, settings.manifestGrace()));
      } else {
        put();
      }
    }

    /**
     * A push that a deploy freeze holds: it waits as the newest push (by the policy), the lane
     * idle, until the freeze ends ({@link LaneInput.Thaw}). Said once per push held.
     */
    private void held(ImagePush push, MarathonApp app, String freeze) {
      long ticket = work.ticket();
      phase = Phase.IDLE;
      epoch++;
      work = null;
      checking = null;
      boolean again =
          "held".equals(last.get("outcome")) && push.reference().equals(last.get("image"));
      if (!offer(push)) {
        // the push already waiting is newer (by the policy, or pushed later): this one goes
        String reason =
            push.tag()
                + " is not newer than the waiting "
                + queued.tag()
                + " (held: "
                + freeze
                + ")";
        log(Level.INFO, "skips " + push.reference() + ": " + reason);
        skipped(push.reference(), app.image(), push, "older", reason);
        settle(push, "not deployed: " + reason);
      } else if (!again) {
        log(Level.INFO, "holds " + push.reference() + ": " + freeze);
        record("held", push.reference(), freeze);
        effects.add(
            new LaneEffect.Publish(
                new dev.pacer.common.events.types.DeployHeld(
                    DeployFacts.of(push.reference(), app.image(), "", push, freeze), freeze),
                0));
      }
      complete(ticket, null);
    }

    /** A push not deployed, said for the decision journal ({@code pacer.deploy.skipped}). */
    private void skipped(String image, String running, ImagePush push, String rule, String reason) {
      effects.add(
          new LaneEffect.Publish(
              new DeploySkipped(DeployFacts.of(image, running, "", push, reason), rule), 0));
    }

    void checked(LaneInput.Manifest result, int attempts) {
      checking = null;
      ImagePush push = work.push();
      switch (result) {
        case MOVED -> {
          String reason =
              push.reference()
                  + " no longer points at "
                  + push.digest()
                  + ": a later push moved it";
          log(Level.INFO, "skips " + push.reference() + ": " + reason);
          record("skipped", work.deploy().image(), reason);
          skipped(work.deploy().image(), work.before().image(), push, "moved", reason);
          done();
        }
        case ABSENT -> {
          // Not a failed deploy: nothing was deployed. A tag that shows up later is the backstop's,
          // which deploys what the registry has.
          String reason =
              "manifest "
                  + push.reference()
                  + " not in the registry after "
                  + settings.manifestGrace()
                  + " ("
                  + attempts
                  + (attempts == 1 ? " check" : " checks")
                  + "); left to the backstop poll";
          log(Level.WARN, "skips " + push.reference() + ": " + reason);
          record("skipped", work.deploy().image(), reason);
          skipped(work.deploy().image(), work.before().image(), push, "manifest-missing", reason);
          effects.add(new LaneEffect.CountSkipped());
          done();
        }
        case PRESENT, NOT_CHECKED -> put();
      }
    }

    void put() {
      effects.add(
          new LaneEffect.Put(enter(Phase.PUTTING), work.before(), work.deploy(), work.force()));
    }

    @Override
    void accepted(DeploymentRef ref) {
      DeployDecision.Deploy deploy = work.deploy();
      MarathonApp before = work.before();
      long ticket = work.ticket();
      work = work.accepted(ref.deploymentId());
      settle(work.push(), "deployed (deployment " + ref.deploymentId() + ")");
      retrying = null;
      retries = 0;
      // With the two app versions, for the config diff of this deployment. Published before
      // following: the deployment may have ended already (its event can outrun the PUT's answer),
      // and "succeeded" must come after "started".
      effects.add(
          new LaneEffect.Publish(
              new DeployStarted(
                  DeployFacts.of(
                      deploy.image(),
                      before.image(),
                      ref.deploymentId(),
                      work.push(),
                      deploy.reason()),
                  work.force(),
                  before.version(),
                  ref.version()),
              ticket));
      if (ref.deploymentId().isEmpty()) {
        // a deployment already over when Pacer learnt of it (an ambiguous answer): judged from
        // the app
        gone("over before Marathon's answer could say");
      } else {
        effects.add(
            new LaneEffect.Track(
                enter(Phase.FOLLOWING), ref.deploymentId(), settings.deployTimeout()));
      }
    }

    void ended(Ending ending, String reason) {
      if (ending == Ending.GONE) {
        gone(reason);
      } else {
        work = work.ended(reason);
        finish(ending);
      }
    }

    void gone(String reason) {
      work = work.ended(reason);
      effects.add(new LaneEffect.ReadApp(enter(Phase.JUDGING), false));
    }

    void finish(Ending ending) {
      String image = work.image();
      String previous = work.before().image();
      String deployment = work.deploymentId();
      if (ending == Ending.SUCCEEDED) {
        record("succeeded", image, "");
        effects.add(
            new LaneEffect.Publish(
                new DeploySucceeded(DeployFacts.of(image, previous, deployment, null, "")), 0));
        free();
        return;
      }
      String reason = work.endReason().isEmpty() ? "deployment failed" : work.endReason();
      record("failed", image, reason);
      effects.add(
          new LaneEffect.Publish(
              new DeployFailed(DeployFacts.of(image, previous, deployment, null, reason)), 0));
      if (!work.rollback() || previous.isEmpty()) {
        free();
        return;
      }
      // A running deployment is reverted (DELETE: Marathon puts the whole previous definition
      // back, labels too); a finished one gets its previous image back with the labels that
      // describe it, and the failed digest marked as rolled back.
      long e = enter(Phase.ROLLING_BACK);
      work = work.reverting(ending == Ending.TIMED_OUT);
      effects.add(
          ending == Ending.TIMED_OUT
              ? new LaneEffect.Revert(e, deployment)
              : new LaneEffect.Restore(
                  e,
                  previous,
                  DeploymentPlanner.restoring(work.before().labels(), failedDigest())));
    }

    /** A read, the manifest check or the PUT failed. */
    @Override
    void failed(LaneInput.Failure f) {
      if (phase == Phase.PUTTING && f instanceof LaneInput.Unanswered) {
        // Marathon may have applied it (its write timed out on its side): ask what it has
        effects.add(new LaneEffect.ReadBack(enter(Phase.VERIFYING), f));
        return;
      }
      ImagePush push = work.push();
      long ticket = ticket();
      if (f instanceof LaneInput.Locked locked) {
        keep(push);
        log(Level.INFO, "locked by " + locked.deploymentIds() + "; newest push waits");
        long e = enter(Phase.LOCKED);
        work = work.locked(String.join(",", locked.deploymentIds()));
        checking = null;
        effects.add(
            new LaneEffect.AwaitUnlock(e, locked.deploymentIds(), settings.deployTimeout()));
        if (settings.forceAfter() != null) {
          effects.add(new LaneEffect.Arm(e, Timer.FORCE, settings.forceAfter()));
        }
        complete(ticket, null);
        return;
      }
      phase = Phase.IDLE;
      epoch++;
      work = null;
      checking = null;
      if (f instanceof LaneInput.Gone) {
        settle(push, "not deployed: the app is gone");
        record("skipped", push.reference(), "app is gone");
        complete(ticket, null);
        return;
      }
      if (push.pushedAt().plus(settings.retryFor()).isBefore(now)) {
        String reason = "gave up after " + settings.retryFor() + ": " + f.message();
        log(Level.ERROR, "push " + push.reference() + " dropped: " + reason);
        settle(push, "not deployed: " + reason);
        record("failed", push.reference(), reason);
        effects.add(
            new LaneEffect.Publish(
                new DeployFailed(DeployFacts.of(push.reference(), "", "", push, reason)), ticket));
        return;
      }
      retrying(push.reference(), f.message());
      log(Level.WARN, "deploy of " + push.reference() + " failed, will be retried: " + f.message());
      if (ticket != 0) {
        complete(ticket, f); // its event is delivered again
        return;
      }
      // A queued push: its event was handled already; keep it and try again, rather than lose it.
      keep(push);
      retries++;
      effects.add(
          new LaneEffect.Arm(epoch, Timer.RETRY, Duration.ofMillis(RETRY.delayMillis(retries))));
    }

    /** Keeps the push in work waiting, unless a newer one waits already (then it is done). */
    private void keep(ImagePush push) {
      if (!offer(push)) {
        settle(push, "not deployed: the newer push " + queued.reference() + " waits");
      }
    }

    /** The push in work ended without a deployment: its ticket completes, the lane frees. */
    void done() {
      settle(work.push(), "not deployed: " + last.get("outcome") + ", " + last.get("reason"));
      complete(ticket(), null);
      free();
    }

    /** Ends the lane's current work and starts the push waiting in it, if any. */
    @Override
    void free() {
      phase = Phase.IDLE;
      epoch++;
      work = null;
      checking = null;
      if (queued != null) {
        ImagePush next = queued;
        queued = null;
        run(next, 0);
      }
    }
  }
}

package dev.pacer.autodeployer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.plan.LaneEffect.Timer;
import dev.pacer.autodeployer.plan.LaneInput.Ending;
import dev.pacer.autodeployer.plan.LaneInput.Manifest;
import dev.pacer.autodeployer.plan.LaneState.Phase;
import dev.pacer.common.events.types.DeploySkipped;
import dev.pacer.common.events.types.DeployStarted;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.marathon.DeploymentRef;
import dev.pacer.common.marathon.MarathonApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lane's transitions, one table row per test: state + input -> state + effects. No IO. */
class LaneMachineTest extends LaneTables {
  static ImagePush version(String tag, int second) {
    return new ImagePush(
        "id-" + tag, "registry", "r.io", "acme/web", tag, "sha256:" + tag, T0.plusSeconds(second));
  }

  /**
   * While a deploy runs under semver ^2.3, 2.4.0 waits; 3.0.0 (outside the range) and then 2.3.9
   * (older than the waiting 2.4.0, though pushed later) are skipped, not kept: the lane ends at
   * 2.4.0.
   */
  @Test
  void underSemverTheWaitingPushIsTheHighestVersionNotTheLatestPush() {
    var semver = DeploymentPlannerTest.SEMVER.tags();
    deploying(1, image(0));
    step(new LaneInput.Push(version("2.4.0", 10), 8, semver));
    assertThat(lane.queued().tag()).isEqualTo("2.4.0");
    step(new LaneInput.Push(version("3.0.0", 11), 9, semver));
    assertThat(lane.queued().tag()).isEqualTo("2.4.0");
    DeploySkipped outside = (DeploySkipped) only(LaneEffect.Publish.class).data();
    assertThat(outside.rule()).isEqualTo("policy");
    assertThat(outside.reason()).isEqualTo("3.0.0 is outside the range ^2.3 (policy semver ^2.3)");
    assertThat(effects).contains(new LaneEffect.Complete(9, null));
    step(new LaneInput.Push(version("2.3.9", 12), 10, semver));
    assertThat(lane.queued().tag()).isEqualTo("2.4.0");
    DeploySkipped older = (DeploySkipped) only(LaneEffect.Publish.class).data();
    assertThat(older.rule()).isEqualTo("older");
    assertThat(older.reason())
        .isEqualTo("2.3.9 is not newer than the waiting 2.4.0 (policy semver ^2.3)");
    // a glob keeps the latest push, as before
    step(new LaneInput.Push(push(20), 11));
    assertThat(lane.queued().tag()).isEqualTo("master-20");
  }

  /**
   * A freeze holds the push (the lane idle, the push waiting); an older push under it is skipped; a
   * thaw lets the held one go, and a thaw of a lane that holds nothing does nothing.
   */
  @Test
  void aFreezeHoldsTheNewestPushAndAThawLetsItGo() {
    String freeze = "deploys frozen by alice until 2026-11-22T12:00:00Z";
    step(new LaneInput.Push(push(3), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY, freeze, null, true));
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    assertThat(lane.queued().tag()).isEqualTo("master-3");
    assertThat(only(LaneEffect.Publish.class).type()).isEqualTo(EventTypes.DEPLOY_HELD);
    assertThat(lane.last()).containsEntry("outcome", "held");
    // pushed before the one waiting: skipped, not kept
    step(new LaneInput.Push(push(2), 8));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY, freeze, null, true));
    DeploySkipped older = (DeploySkipped) only(LaneEffect.Publish.class).data();
    assertThat(older.rule()).isEqualTo("older");
    assertThat(lane.queued().tag()).isEqualTo("master-3");
    // the freeze is over: the held push goes
    step(new LaneInput.Thaw());
    assertThat(lane.phase()).isEqualTo(Phase.READING);
    assertThat(lane.queued()).isNull();
    // a thaw of an idle lane that holds nothing does nothing
    LaneState idle = LaneState.idle("/acme/other");
    assertThat(machine.step(idle, new LaneInput.Thaw(), T0).state()).isEqualTo(idle);
  }

  @Test
  void aDryRunLabelPublishesWhatWouldBeDeployedAndPutsNothing() {
    var dry =
        dev.pacer.autodeployer.policy.AutodeployLabel.parse(
            "{ image = \"acme/web:master*\", dryRun = true }");
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), dry));
    var published = only(LaneEffect.Publish.class);
    assertThat(published.type()).isEqualTo(EventTypes.DEPLOY_DRY_RUN);
    var data = (dev.pacer.common.events.types.DeployDryRun) published.data();
    assertThat(data.image()).isEqualTo(image(2));
    assertThat(data.previousImage()).isEqualTo(image(1));
    assertThat(effects)
        .noneMatch(e -> e instanceof LaneEffect.Put || e instanceof LaneEffect.CheckManifest);
    assertThat(effects).contains(new LaneEffect.Complete(7, null));
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    assertThat(lane.last()).containsEntry("outcome", "dry_run").containsEntry("image", image(2));
  }

  static final dev.pacer.autodeployer.policy.AutodeployPolicy APPROVED =
      dev.pacer.autodeployer.policy.AutodeployLabel.parse(
          "{ image = \"acme/web:master*\", approvals = 2, approval-deadline = 2h }");

  /**
   * Under {@code approvals}, a push that would deploy asks for an approval and the lane lets it go;
   * the same image again asks nothing new, an older one is skipped, a newer one supersedes.
   */
  @Test
  void underApprovalsAPushAsksForOneInsteadOfDeploying() {
    step(new LaneInput.Push(push(3), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), APPROVED));
    var ask = only(LaneEffect.RequestApproval.class);
    assertThat(ask.image()).isEqualTo(image(3));
    assertThat(ask.previous()).isEqualTo(image(1));
    assertThat(ask.needed()).isEqualTo(2);
    assertThat(ask.deadline()).isEqualTo(Duration.ofHours(2));
    assertThat(ask.supersedes()).isNull();
    assertThat(effects)
        .noneMatch(e -> e instanceof LaneEffect.Put || e instanceof LaneEffect.CheckManifest);
    assertThat(effects).contains(new LaneEffect.Complete(7, null));
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    assertThat(lane.last()).containsEntry("outcome", "awaiting_approval");

    var awaiting = new ApprovalGate.Awaiting("a1", push(3));
    // the same image again (a redelivery, the backstop): nothing new is asked
    step(new LaneInput.Push(push(3), 8));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), APPROVED, null, null, true, awaiting));
    assertThat(((DeploySkipped) only(LaneEffect.Publish.class).data()).rule())
        .isEqualTo("awaiting-approval");
    assertThat(effects).noneMatch(e -> e instanceof LaneEffect.RequestApproval);
    // pushed before the one waiting for approval: skipped
    step(new LaneInput.Push(push(2), 9));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), APPROVED, null, null, true, awaiting));
    assertThat(((DeploySkipped) only(LaneEffect.Publish.class).data()).rule()).isEqualTo("older");
    // a newer one supersedes it
    step(new LaneInput.Push(push(4), 10));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), APPROVED, null, null, true, awaiting));
    assertThat(only(LaneEffect.RequestApproval.class).supersedes()).isEqualTo("a1");
  }

  /** A push its approval let through deploys, and the approval is settled once Marathon took it. */
  @Test
  void anApprovedPushDeploysAndSettlesItsApproval() {
    step(new LaneInput.Push(push(3).approvedBy("a1"), 0));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), APPROVED));
    assertThat(effects).noneMatch(e -> e instanceof LaneEffect.RequestApproval);
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 1));
    assertThat(only(LaneEffect.Put.class).deploy().image()).isEqualTo(image(3));
    assertThat(effects).noneMatch(e -> e instanceof LaneEffect.SettleApproval);
    step(new LaneInput.Accepted(lane.epoch(), new DeploymentRef("d1", "v2")));
    assertThat(only(LaneEffect.SettleApproval.class))
        .isEqualTo(new LaneEffect.SettleApproval("a1", "deployed (deployment d1)"));
    // one the planner skips (deployed already, before a restart) is settled too
    LaneState idle = LaneState.idle("/acme/web");
    var t = machine.step(idle, new LaneInput.Push(push(3).approvedBy("a2"), 0), T0);
    MarathonApp app =
        new MarathonApp(
            APP,
            3,
            image(3),
            Map.of(DeploymentPlanner.IMAGE_DIGEST, push(3).digest()),
            "v1",
            T0,
            T0,
            List.of(),
            3,
            3,
            0,
            0,
            null);
    var read = machine.step(t.state(), new LaneInput.AppRead(t.state().epoch(), app, APPROVED), T0);
    assertThat(read.effects())
        .filteredOn(e -> e instanceof LaneEffect.SettleApproval)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((LaneEffect.SettleApproval) e).outcome())
                    .startsWith("not deployed: skipped, already runs"));
  }

  /** An approved push that a newer one displaces while it waits is done with: it is settled. */
  @Test
  void anApprovedPushANewerOneDisplacesIsSettled() {
    deploying(1, image(0));
    step(new LaneInput.Push(push(3).approvedBy("a1"), 0));
    assertThat(effects).noneMatch(e -> e instanceof LaneEffect.SettleApproval);
    step(new LaneInput.Push(push(4), 9));
    assertThat(lane.queued().tag()).isEqualTo("master-4");
    assertThat(only(LaneEffect.SettleApproval.class).id()).isEqualTo("a1");
    // and one that comes after a newer push waits is settled at once
    step(new LaneInput.Push(push(2).approvedBy("a2"), 0));
    assertThat(only(LaneEffect.SettleApproval.class).outcome())
        .startsWith("not deployed: master-2 is not newer than the waiting master-4");
  }

  @Test
  void aPushOnAnIdleLaneReadsTheAppFirst() {
    step(new LaneInput.Push(push(1), 7));
    assertThat(lane.phase()).isEqualTo(Phase.READING);
    assertThat(effects).containsExactly(new LaneEffect.ReadApp(lane.epoch(), true));
  }

  @Test
  void aMatchingPushIsCheckedPutFollowedAndReported() {
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY));
    assertThat(only(LaneEffect.CheckManifest.class).grace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(lane.phase()).isEqualTo(Phase.CHECKING);

    step(new LaneInput.ManifestWaiting(lane.epoch(), 2));
    assertThat(lane.status().get("waiting-for-tag"))
        .isEqualTo(
            Map.of(
                "image",
                image(2),
                "since",
                T0.plusSeconds(60).toString(),
                "checks",
                2,
                "why",
                "the registry has no such tag yet; asking again"));
    assertThat(lane.doing()).isEqualTo("waiting for " + image(2) + " to show up in the registry");

    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 3));
    LaneEffect.Put put = only(LaneEffect.Put.class);
    assertThat(put.deploy().image()).isEqualTo(image(2));
    assertThat(put.force()).isFalse();
    assertThat(put.before().image()).isEqualTo(image(1));
    assertThat(lane.checking()).isNull();

    step(new LaneInput.Accepted(lane.epoch(), new DeploymentRef("d2", "v2")));
    LaneEffect.Publish started = only(LaneEffect.Publish.class);
    assertThat(started.type()).isEqualTo(EventTypes.DEPLOY_STARTED);
    assertThat(started.ticket()).as("the push is taken once Marathon took it").isEqualTo(7);
    DeployStarted data = (DeployStarted) started.data();
    assertThat(data.image()).isEqualTo(image(2));
    assertThat(data.previousImage()).isEqualTo(image(1));
    assertThat(data.deploymentId()).isEqualTo("d2");
    assertThat(data.digest()).isEqualTo("sha256:2");
    assertThat(data.forced()).isFalse();
    assertThat(data.previousVersion()).isEqualTo("v1");
    assertThat(data.version()).isEqualTo("v2");
    // started is published before the deployment is followed
    assertThat(effects.get(0)).isEqualTo(started);
    assertThat(effects.get(1)).isInstanceOf(LaneEffect.Track.class);
    assertThat(lane.status().get("in-flight"))
        .isEqualTo(Map.of("image", image(2), "deployment", "d2"));

    step(new LaneInput.Ended(lane.epoch(), Ending.SUCCEEDED, ""));
    assertThat(only(LaneEffect.Publish.class).type()).isEqualTo(EventTypes.DEPLOY_SUCCEEDED);
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    assertThat(lane.last()).containsEntry("outcome", "succeeded").containsEntry("image", image(2));
  }

  @Test
  void aPushNotDeployedIsPublishedAsSkippedWithItsRule() {
    // the app runs push 3's image with its labels: push 2 is older, push 3 runs already
    MarathonApp runs3 =
        new MarathonApp(
            APP,
            3,
            image(3),
            Map.of(
                "autodeploy", "acme/web:master*",
                "pacer.image-digest", "sha256:3",
                "pacer.image-pushed-at", T0.plusSeconds(3).toString()),
            "v1",
            T0,
            T0,
            List.of(),
            3,
            3,
            0,
            0,
            null);
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.AppRead(lane.epoch(), runs3, POLICY));
    LaneEffect.Publish older = only(LaneEffect.Publish.class);
    DeploySkipped o = (DeploySkipped) older.data();
    assertThat(o.rule()).isEqualTo("older");
    assertThat(o.image()).isEqualTo(image(2));
    assertThat(o.previousImage()).isEqualTo(image(3));
    assertThat(o.reason()).contains("never downgrade");
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);

    step(new LaneInput.Push(push(3), 8));
    step(new LaneInput.AppRead(lane.epoch(), runs3, POLICY));
    assertThat(((DeploySkipped) only(LaneEffect.Publish.class).data()).rule())
        .isEqualTo("already-running");
  }

  @Test
  void aBusyLaneKeepsOnlyTheNewestPushAndTakesItWhenTheDeploymentEnds() {
    deploying(1, "r.io/acme/web:master-0");
    step(new LaneInput.Push(push(3), 8));
    assertThat(effects)
        .contains(new LaneEffect.Complete(8, null))
        .anyMatch(e -> e instanceof LaneEffect.Log l && l.message().contains("waits for it"));
    step(new LaneInput.Push(push(2), 9)); // older than the one waiting: not kept
    assertThat(effects).containsExactly(new LaneEffect.Complete(9, null));
    assertThat(lane.queued()).isEqualTo(push(3));

    step(new LaneInput.Ended(lane.epoch(), Ending.SUCCEEDED, ""));
    assertThat(lane.queued()).isNull();
    assertThat(lane.phase()).isEqualTo(Phase.READING);
    assertThat(lane.work().push()).isEqualTo(push(3));
    assertThat(lane.work().ticket()).as("a queued push's ticket was completed already").isZero();
  }

  @Test
  void aLockedAppWaitsForTheLockAndForcesAfterForceAfter() {
    step(new LaneInput.Push(push(2), 7));
    long reading = lane.epoch();
    step(new LaneInput.Failed(reading, new LaneInput.Locked(List.of("x1", "x2"), "locked", null)));
    assertThat(lane.phase()).isEqualTo(Phase.LOCKED);
    assertThat(lane.queued()).isEqualTo(push(2));
    assertThat(lane.doing()).isEqualTo("waiting out someone else's deployment x1,x2");
    assertThat(effects)
        .contains(
            new LaneEffect.AwaitUnlock(lane.epoch(), List.of("x1", "x2"), Duration.ofMinutes(10)),
            new LaneEffect.Arm(lane.epoch(), Timer.FORCE, Duration.ofMinutes(5)),
            new LaneEffect.Complete(7, null));
    long locked = lane.epoch();

    step(new LaneInput.TimerFired(locked, Timer.FORCE));
    assertThat(lane.phase()).isEqualTo(Phase.READING);
    assertThat(lane.work().force()).isTrue();
    // the lock's end, once the force acted, is stale: it starts nothing
    LaneState before = lane;
    step(new LaneInput.Unlocked(locked));
    assertThat(lane).isEqualTo(before);
    assertThat(effects)
        .allMatch(e -> e instanceof LaneEffect.Log l && l.level() == LaneEffect.Level.DEBUG);

    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 1));
    assertThat(only(LaneEffect.Put.class).force()).isTrue();
  }

  @Test
  void aLockThatEndsInTimeCancelsItsForce() {
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.Failed(lane.epoch(), new LaneInput.Locked(List.of("x1"), "locked", null)));
    long locked = lane.epoch();
    step(new LaneInput.Unlocked(locked));
    assertThat(lane.phase()).isEqualTo(Phase.READING);
    assertThat(lane.work().force()).isFalse();
    LaneState before = lane;
    step(new LaneInput.TimerFired(locked, Timer.FORCE));
    assertThat(lane).as("a stale force-after never acts").isEqualTo(before);
  }

  @Test
  void aMissingOrMovedTagDeploysNothing() {
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.ABSENT, 4));
    assertThat(effects).contains(new LaneEffect.CountSkipped(), new LaneEffect.Complete(7, null));
    assertThat(lane.last().get("reason").toString())
        .isEqualTo(
            "manifest "
                + image(2)
                + " not in the registry after PT10S (4 checks); left to the backstop poll");

    step(new LaneInput.Push(push(3), 8));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.MOVED, 1));
    assertThat(effects).doesNotContain(new LaneEffect.CountSkipped());
    assertThat(lane.last().get("reason").toString()).endsWith("a later push moved it");
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
  }

  @Test
  void somethingPassingFailsThePushForRedeliveryAndCountsTheAttempts() {
    LaneInput.Failure down = new LaneInput.Passing("connection refused", null);
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.Failed(lane.epoch(), down));
    assertThat(effects).contains(new LaneEffect.Complete(7, down));
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    step(new LaneInput.Push(push(2), 8));
    step(new LaneInput.Failed(lane.epoch(), new LaneInput.Passing("503", null)));
    assertThat(lane.status().get("retrying"))
        .isEqualTo(
            Map.of(
                "image",
                image(2),
                "since",
                T0.plusSeconds(60).toString(),
                "attempts",
                2,
                "last-error",
                "503"));
    // after retry-for, it gives up with a failed event that takes the ticket
    step(new LaneInput.Push(push(2), 9), T0.plusSeconds(2 + 601));
    step(new LaneInput.Failed(lane.epoch(), down), T0.plusSeconds(2 + 601));
    LaneEffect.Publish gaveUp = only(LaneEffect.Publish.class);
    assertThat(gaveUp.ticket()).isEqualTo(9);
    assertThat(gaveUp.data().reason()).isEqualTo("gave up after PT10M: connection refused");
    assertThat(lane.status()).doesNotContainKey("retrying");
  }

  @Test
  void aQueuedPushThatFailsIsKeptAndTriedAgainOnATimer() {
    deploying(1, "r.io/acme/web:master-0");
    step(new LaneInput.Push(push(2), 8));
    step(new LaneInput.Ended(lane.epoch(), Ending.SUCCEEDED, ""));
    step(new LaneInput.Failed(lane.epoch(), new LaneInput.Passing("503", null)));
    assertThat(lane.queued()).isEqualTo(push(2));
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    LaneEffect.Arm retry = only(LaneEffect.Arm.class);
    assertThat(retry.timer()).isEqualTo(Timer.RETRY);
    step(new LaneInput.TimerFired(retry.epoch(), Timer.RETRY));
    assertThat(lane.phase()).isEqualTo(Phase.READING);
    assertThat(lane.work().push()).isEqualTo(push(2));
  }

  @Test
  void aGoneOrUnwatchedAppEndsThePushQuietly() {
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.Failed(lane.epoch(), new LaneInput.Gone("404", null)));
    assertThat(effects).containsExactly(new LaneEffect.Complete(7, null));
    assertThat(lane.last())
        .containsEntry("outcome", "skipped")
        .containsEntry("reason", "app is gone");

    step(new LaneInput.Push(push(3), 8));
    step(new LaneInput.AppRead(lane.epoch(), null, null));
    assertThat(effects).containsExactly(new LaneEffect.Complete(8, null));
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
  }
}

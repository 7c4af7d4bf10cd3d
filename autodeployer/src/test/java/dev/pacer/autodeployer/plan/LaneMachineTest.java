package dev.pacer.autodeployer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.plan.LaneEffect.Timer;
import dev.pacer.autodeployer.plan.LaneInput.Ending;
import dev.pacer.autodeployer.plan.LaneInput.Manifest;
import dev.pacer.autodeployer.plan.LaneState.Phase;
import dev.pacer.autodeployer.policy.AutodeployLabel;
import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.common.marathon.DeploymentRef;
import dev.pacer.common.marathon.MarathonApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lane's transitions, one table row per test: state + input -> state + effects. No IO. */
class LaneMachineTest {
  static final String APP = "/acme/web";
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final AutodeployPolicy POLICY = AutodeployLabel.parse("acme/web:master*");
  static final AutodeployPolicy NO_ROLLBACK =
      AutodeployLabel.parse("{ image = \"acme/web:master*\", rollback = false }");
  static final LaneMachine.Settings SETTINGS =
      new LaneMachine.Settings(
          Duration.ofMinutes(10),
          true,
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          true,
          Duration.ofSeconds(10));

  final LaneMachine machine = new LaneMachine(SETTINGS);
  LaneState lane = LaneState.idle(APP);
  List<LaneEffect> effects;

  static MarathonApp app(String image) {
    return new MarathonApp(
        APP,
        3,
        image,
        Map.of("autodeploy", "acme/web:master*"),
        "v1",
        T0,
        T0,
        List.of(),
        3,
        3,
        0,
        0,
        null);
  }

  static ImagePush push(int n) {
    return new ImagePush(
        "id-" + n, "registry", "r.io", "acme/web", "master-" + n, "sha256:" + n, T0.plusSeconds(n));
  }

  static String image(int n) {
    return "r.io/acme/web:master-" + n;
  }

  LaneMachine.Transition step(LaneInput in) {
    return step(in, T0.plusSeconds(60));
  }

  LaneMachine.Transition step(LaneInput in, Instant now) {
    LaneMachine.Transition t = machine.step(lane, in, now);
    lane = t.state();
    effects = t.effects();
    return t;
  }

  <T extends LaneEffect> T only(Class<T> type) {
    List<T> found = effects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as("one %s in %s", type.getSimpleName(), effects).hasSize(1);
    return found.get(0);
  }

  /** Runs push {@code n} (ticket 7) up to Marathon taking it as deployment d{n}. */
  void deploying(int n, String running) {
    step(new LaneInput.Push(push(n), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(running), POLICY));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 1));
    step(new LaneInput.Accepted(lane.epoch(), new DeploymentRef("d" + n, "v2")));
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
    assertThat(started.type()).isEqualTo(DeployEventTypes.STARTED);
    assertThat(started.ticket()).as("the push is taken once Marathon took it").isEqualTo(7);
    assertThat(started.data())
        .containsEntry("image", image(2))
        .containsEntry("previous-image", image(1))
        .containsEntry("deployment-id", "d2")
        .containsEntry("digest", "sha256:2")
        .containsEntry("forced", false)
        .containsEntry("previous-version", "v1")
        .containsEntry("version", "v2");
    // started is published before the deployment is followed
    assertThat(effects.get(0)).isEqualTo(started);
    assertThat(effects.get(1)).isInstanceOf(LaneEffect.Track.class);
    assertThat(lane.status().get("in-flight"))
        .isEqualTo(Map.of("image", image(2), "deployment", "d2"));

    step(new LaneInput.Ended(lane.epoch(), Ending.SUCCEEDED, ""));
    assertThat(only(LaneEffect.Publish.class).type()).isEqualTo(DeployEventTypes.SUCCEEDED);
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    assertThat(lane.last()).containsEntry("outcome", "succeeded").containsEntry("image", image(2));
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
  void aFailedDeploymentIsRolledBackAndItsDigestNeverRedeployed() {
    deploying(2, image(1));
    long following = lane.epoch();
    step(new LaneInput.Ended(following, Ending.FAILED, "health checks failed"));
    LaneEffect.Publish failed = only(LaneEffect.Publish.class);
    assertThat(failed.type()).isEqualTo(DeployEventTypes.FAILED);
    assertThat(failed.data()).containsEntry("reason", "health checks failed");
    LaneEffect.Restore restore = only(LaneEffect.Restore.class);
    assertThat(restore.image()).isEqualTo(image(1));
    // the bad digest is marked; the image labels the old image had not are taken off (null)
    assertThat(restore.labels())
        .containsEntry(DeploymentPlanner.ROLLED_BACK_DIGEST, "sha256:2")
        .containsEntry(DeploymentPlanner.IMAGE_DIGEST, null);
    assertThat(lane.phase()).isEqualTo(Phase.ROLLING_BACK);

    step(new LaneInput.RollbackAccepted(lane.epoch(), new DeploymentRef("r1", "v3")));
    LaneEffect.Publish rolled = only(LaneEffect.Publish.class);
    assertThat(rolled.type()).isEqualTo(DeployEventTypes.ROLLED_BACK);
    assertThat(rolled.data())
        .containsEntry("image", image(1))
        .containsEntry("previous-image", image(2))
        .containsEntry("reason", "put the previous image back");
    assertThat(only(LaneEffect.Track.class).deploymentId()).isEqualTo("r1");
    assertThat(lane.last()).containsEntry("outcome", "rolled_back");

    step(new LaneInput.Ended(lane.epoch(), Ending.SUCCEEDED, ""));
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    assertThat(lane.rolledBack()).containsExactly("sha256:2");

    // the same push delivered again is skipped, for that reason
    step(new LaneInput.Push(push(2), 11));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY));
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    assertThat(lane.last().get("reason").toString()).contains("was rolled back from this app");
    assertThat(effects).contains(new LaneEffect.Complete(11, null));
  }

  @Test
  void aTimedOutDeploymentIsRevertedWhileItRuns() {
    deploying(2, image(1));
    step(new LaneInput.Ended(lane.epoch(), Ending.TIMED_OUT, ""));
    assertThat(only(LaneEffect.Revert.class).deploymentId()).isEqualTo("d2");
    assertThat(only(LaneEffect.Publish.class).data()).containsEntry("reason", "deployment failed");
    step(new LaneInput.RollbackAccepted(lane.epoch(), new DeploymentRef("r1", "v3")));
    assertThat(only(LaneEffect.Publish.class).data())
        .containsEntry("reason", "reverted deployment d2");
  }

  @Test
  void noRollbackWhenThePolicySaysNoOrThereIsNothingToGoBackTo() {
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), NO_ROLLBACK));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 1));
    step(new LaneInput.Accepted(lane.epoch(), new DeploymentRef("d2", "v2")));
    step(new LaneInput.Ended(lane.epoch(), Ending.FAILED, ""));
    assertThat(effects)
        .noneMatch(e -> e instanceof LaneEffect.Restore || e instanceof LaneEffect.Revert);
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);

    deploying(3, ""); // the app had no image
    step(new LaneInput.Ended(lane.epoch(), Ending.FAILED, ""));
    assertThat(effects).noneMatch(e -> e instanceof LaneEffect.Restore);
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
  }

  @Test
  void aDeploymentThatLeftMarathonsListIsJudgedFromTheApp() {
    deploying(2, image(1));
    step(new LaneInput.Ended(lane.epoch(), Ending.GONE, ""));
    assertThat(effects).containsExactly(new LaneEffect.ReadApp(lane.epoch(), false));
    step(new LaneInput.AppRead(lane.epoch(), app(image(2)), null));
    assertThat(only(LaneEffect.Publish.class).type()).isEqualTo(DeployEventTypes.SUCCEEDED);

    deploying(3, image(2));
    step(new LaneInput.Ended(lane.epoch(), Ending.GONE, "gone"));
    step(new LaneInput.AppRead(lane.epoch(), app(image(2)), null));
    assertThat(effects.get(0))
        .isInstanceOfSatisfying(
            LaneEffect.Publish.class,
            p -> {
              assertThat(p.type()).isEqualTo(DeployEventTypes.FAILED);
              assertThat(p.data()).containsEntry("reason", "gone");
            });
    assertThat(only(LaneEffect.Restore.class).image()).isEqualTo(image(2));
  }

  @Test
  void aDeploymentOverBeforeTheAnswerIsJudgedAtOnce() {
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 1));
    step(new LaneInput.Accepted(lane.epoch(), new DeploymentRef("", "v2")));
    assertThat(lane.phase()).isEqualTo(Phase.JUDGING);
    assertThat(effects).noneMatch(e -> e instanceof LaneEffect.Track);
    step(new LaneInput.Failed(lane.epoch(), new LaneInput.Passing("unreachable", null)));
    assertThat(effects.get(0))
        .isInstanceOfSatisfying(
            LaneEffect.Publish.class,
            p ->
                assertThat(p.data())
                    .containsEntry("reason", "over before Marathon's answer could say"));
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
    assertThat(gaveUp.data().get("reason")).isEqualTo("gave up after PT10M: connection refused");
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

  @Test
  void aFailedRollbackIsRecordedAndFreesTheLane() {
    deploying(2, image(1));
    step(new LaneInput.Ended(lane.epoch(), Ending.FAILED, ""));
    step(new LaneInput.Failed(lane.epoch(), new LaneInput.Passing("409 conflict", null)));
    assertThat(lane.last())
        .containsEntry("outcome", "rollback_failed")
        .containsEntry("image", image(1))
        .containsEntry("reason", "409 conflict");
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    assertThat(lane.rolledBack()).isEmpty();
  }

  @Test
  void aManualRollbackIsRecorded() {
    step(new LaneInput.ManualRollback(image(1), "from " + image(2) + " by hand"));
    assertThat(lane.last())
        .containsEntry("outcome", "rolled_back")
        .containsEntry("image", image(1));
    assertThat(effects).isEmpty();
  }

  @Test
  void anUnansweredPutIsReadBackAndFollowedWhenItTook() {
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 1));
    LaneEffect.Put put = only(LaneEffect.Put.class);
    LaneInput.Failure timeout = new LaneInput.Unanswered("503: write timed out", null);
    step(new LaneInput.Failed(lane.epoch(), timeout));
    assertThat(lane.phase()).isEqualTo(Phase.VERIFYING);
    assertThat(effects).containsExactly(new LaneEffect.ReadBack(lane.epoch(), timeout));
    // Marathon has the image with this push's time, in deployment d9 of its new version
    Map<String, String> labels = new java.util.HashMap<>(put.deploy().labels());
    MarathonApp now =
        new MarathonApp(APP, 3, image(2), labels, "v9", T0, T0, List.of("d9"), 3, 3, 0, 0, null);
    step(
        new LaneInput.ReadBack(
            lane.epoch(),
            now,
            List.of(
                new dev.pacer.common.marathon.Deployment(
                    "d9", "v9", List.of(APP), 1, 1, List.of())),
            timeout));
    assertThat(only(LaneEffect.Publish.class).data()).containsEntry("deployment-id", "d9");
    assertThat(only(LaneEffect.Track.class).deploymentId()).isEqualTo("d9");
    assertThat(effects)
        .anyMatch(
            e -> e instanceof LaneEffect.Log l && l.message().contains("but applied " + image(2)));
  }

  @Test
  void anUnansweredPutThatDidNotTakeFailsThePushForRedelivery() {
    step(new LaneInput.Push(push(2), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 1));
    LaneInput.Failure timeout = new LaneInput.Unanswered("503", null);
    step(new LaneInput.Failed(lane.epoch(), timeout));
    step(new LaneInput.ReadBack(lane.epoch(), app(image(1)), List.of(), timeout));
    assertThat(effects).contains(new LaneEffect.Complete(7, timeout));
    assertThat(lane.phase()).isEqualTo(Phase.IDLE);
    // and when the read-back itself failed: the same
    step(new LaneInput.Push(push(2), 8));
    step(new LaneInput.AppRead(lane.epoch(), app(image(1)), POLICY));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 1));
    step(new LaneInput.Failed(lane.epoch(), timeout));
    step(new LaneInput.ReadBack(lane.epoch(), null, null, timeout));
    assertThat(effects).contains(new LaneEffect.Complete(8, timeout));
  }
}

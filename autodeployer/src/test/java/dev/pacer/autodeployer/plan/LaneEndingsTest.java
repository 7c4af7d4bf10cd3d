package dev.pacer.autodeployer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.plan.LaneInput.Ending;
import dev.pacer.autodeployer.plan.LaneInput.Manifest;
import dev.pacer.autodeployer.plan.LaneState.Phase;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.marathon.DeploymentRef;
import dev.pacer.common.marathon.MarathonApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the lane's deployments end, one table row per test: followed, judged from the app, rolled
 * back (or not), and an unanswered PUT read back. No IO.
 */
class LaneEndingsTest extends LaneTables {
  @Test
  void aFailedDeploymentIsRolledBackAndItsDigestNeverRedeployed() {
    deploying(2, image(1));
    long following = lane.epoch();
    step(new LaneInput.Ended(following, Ending.FAILED, "health checks failed"));
    LaneEffect.Publish failed = only(LaneEffect.Publish.class);
    assertThat(failed.type()).isEqualTo(EventTypes.DEPLOY_FAILED);
    assertThat(failed.data().reason()).isEqualTo("health checks failed");
    LaneEffect.Restore restore = only(LaneEffect.Restore.class);
    assertThat(restore.image()).isEqualTo(image(1));
    // the bad digest is marked; the image labels the old image had not are taken off (null)
    assertThat(restore.labels())
        .containsEntry(DeploymentPlanner.ROLLED_BACK_DIGEST, "sha256:2")
        .containsEntry(DeploymentPlanner.IMAGE_DIGEST, null);
    assertThat(lane.phase()).isEqualTo(Phase.ROLLING_BACK);

    step(new LaneInput.RollbackAccepted(lane.epoch(), new DeploymentRef("r1", "v3")));
    LaneEffect.Publish rolled = only(LaneEffect.Publish.class);
    assertThat(rolled.type()).isEqualTo(EventTypes.DEPLOY_ROLLED_BACK);
    assertThat(rolled.data().image()).isEqualTo(image(1));
    assertThat(rolled.data().previousImage()).isEqualTo(image(2));
    assertThat(rolled.data().reason()).isEqualTo("put the previous image back");
    assertThat(((dev.pacer.common.events.types.DeployRolledBack) rolled.data()).quarantined())
        .isEqualTo("sha256:2");
    // the bad digest is quarantined for the app, where pauses are stored
    LaneEffect.Quarantine q = only(LaneEffect.Quarantine.class);
    assertThat(q.digest()).isEqualTo("sha256:2");
    assertThat(q.why()).startsWith("rolled back from " + image(2) + " (");
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
    assertThat(only(LaneEffect.Publish.class).data().reason()).isEqualTo("deployment failed");
    step(new LaneInput.RollbackAccepted(lane.epoch(), new DeploymentRef("r1", "v3")));
    assertThat(only(LaneEffect.Publish.class).data().reason()).isEqualTo("reverted deployment d2");
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
    assertThat(only(LaneEffect.Publish.class).type()).isEqualTo(EventTypes.DEPLOY_SUCCEEDED);

    deploying(3, image(2));
    step(new LaneInput.Ended(lane.epoch(), Ending.GONE, "gone"));
    step(new LaneInput.AppRead(lane.epoch(), app(image(2)), null));
    assertThat(effects.get(0))
        .isInstanceOfSatisfying(
            LaneEffect.Publish.class,
            p -> {
              assertThat(p.type()).isEqualTo(EventTypes.DEPLOY_FAILED);
              assertThat(p.data().reason()).isEqualTo("gone");
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
                assertThat(p.data().reason()).isEqualTo("over before Marathon's answer could say"));
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
    assertThat(only(LaneEffect.Publish.class).data().deploymentId()).isEqualTo("d9");
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

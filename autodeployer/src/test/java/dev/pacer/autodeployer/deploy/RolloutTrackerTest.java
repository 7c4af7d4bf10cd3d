package dev.pacer.autodeployer.deploy;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.events.PacerEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RolloutTrackerTest {
  private final Vertx vertx = Vertx.vertx();
  // No Marathon calls in these tests: reconcile() is not used.
  private final RolloutTracker tracker =
      new RolloutTracker(
          new dev.pacer.common.time.VertxScheduler(vertx, java.time.Clock.systemUTC()), null);

  @AfterEach
  void close() {
    result(vertx.close());
  }

  private static PacerEvent marathon(String type, String deploymentId) {
    return new PacerEvent(
        "e-" + deploymentId,
        "test",
        "pacer.marathon." + type,
        "/acme/web",
        Instant.EPOCH,
        Map.of("id", deploymentId, "reason", "boom"));
  }

  /** Runs on a Vert.x event loop, as the autodeployer does. */
  private <T> T onLoop(Callable<T> c) {
    return result(
        Future.<T>future(
            p ->
                vertx
                    .getOrCreateContext()
                    .runOnContext(
                        v -> {
                          try {
                            p.complete(c.call());
                          } catch (Exception e) {
                            p.fail(e);
                          }
                        })));
  }

  @Test
  void aDeploymentThatEndedBeforeItWasTrackedEndsAtOnce() {
    Future<RolloutTracker.Outcome> f =
        onLoop(
            () -> {
              // Marathon's deployment_success raced ahead of the PUT's answer.
              tracker.onMarathonEvent(marathon("deployment_success", "d-1"));
              return tracker.track("d-1", Duration.ofMinutes(10));
            });
    assertThat(result(f).ending()).isEqualTo(RolloutTracker.Ending.SUCCEEDED);
    assertThat(tracker.inFlight()).isZero();
  }

  @Test
  void anEarlyFailureKeepsItsReason() {
    Future<RolloutTracker.Outcome> f =
        onLoop(
            () -> {
              tracker.onMarathonEvent(marathon("deployment_failed", "d-2"));
              return tracker.track("d-2", Duration.ofMinutes(10));
            });
    assertThat(result(f))
        .isEqualTo(new RolloutTracker.Outcome(RolloutTracker.Ending.FAILED, "boom"));
  }

  @Test
  void aTrackedDeploymentEndsOnItsEventAndAnotherIdDoesNotEndIt() {
    Future<RolloutTracker.Outcome> f =
        onLoop(
            () -> {
              Future<RolloutTracker.Outcome> tracked = tracker.track("d-3", Duration.ofMinutes(10));
              tracker.onMarathonEvent(marathon("deployment_success", "someone-elses"));
              assertThat(tracked.isComplete()).isFalse();
              tracker.onMarathonEvent(marathon("deployment_success", "d-3"));
              return tracked;
            });
    assertThat(result(f).ending()).isEqualTo(RolloutTracker.Ending.SUCCEEDED);
  }

  @Test
  void aDeploymentStillRunningAtItsDeadlineTimesOut() {
    Future<RolloutTracker.Outcome> f = onLoop(() -> tracker.track("d-4", Duration.ofMillis(50)));
    assertThat(result(f).ending()).isEqualTo(RolloutTracker.Ending.TIMED_OUT);
  }
}

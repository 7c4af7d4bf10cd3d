package dev.pacer.autodeployer.deploy;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.marathon.Deployment;
import dev.pacer.common.marathon.MarathonClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows Marathon deployments by id to their end: {@code deployment_success} or {@code
 * deployment_failed} from the event stream, or the deadline. Events can be lost (Marathon replays
 * nothing), so {@link #reconcile()} ends every tracked deployment that {@code /v2/deployments} no
 * longer lists as {@link Ending#GONE}, for the caller to judge from the app itself.
 */
public final class RolloutTracker {

  /** How a tracked deployment ended. */
  public enum Ending {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    GONE
  }

  /** The end of one deployment; {@code reason} is Marathon's, when it gave one. */
  public record Outcome(Ending ending, String reason) {}

  /** The Marathon events that end a deployment. */
  static final Set<String> MARATHON_EVENTS = Set.of("deployment_success", "deployment_failed");

  private record Tracked(Promise<Outcome> promise, long timer) {}

  private final Vertx vertx;
  private final MarathonClient marathon;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

  public RolloutTracker(Vertx vertx, MarathonClient marathon) {
    this.vertx = vertx;
    this.marathon = marathon;
  }

  public Future<Outcome> track(String deploymentId, Duration deadline) {
    Tracked existing = tracked.get(deploymentId);
    if (existing != null) {
      return existing.promise().future();
    }
    Promise<Outcome> p = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, deadline.toMillis()),
            t ->
                end(
                    deploymentId,
                    new Outcome(Ending.TIMED_OUT, "still running after " + deadline)));
    tracked.put(deploymentId, new Tracked(p, timer));
    return p.future();
  }

  public int inFlight() {
    return tracked.size();
  }

  public void onMarathonEvent(PacerEvent e) {
    String id = Objects.toString(e.data().get("id"), "");
    if (id.isEmpty()) {
      return;
    }
    if (e.type().endsWith(".deployment_success")) {
      end(id, new Outcome(Ending.SUCCEEDED, ""));
    } else if (e.type().endsWith(".deployment_failed")) {
      end(
          id,
          new Outcome(
              Ending.FAILED, Objects.toString(e.data().get("reason"), "deployment failed")));
    }
  }

  /** Ends tracked deployments Marathon no longer runs, whose end event was missed. */
  public Future<Void> reconcile() {
    if (tracked.isEmpty()) {
      return Future.succeededFuture();
    }
    Set<String> before = new HashSet<>(tracked.keySet());
    return marathon
        .deployments()
        .map(
            running -> {
              running.stream().map(Deployment::id).forEach(before::remove);
              before.forEach(
                  id -> end(id, new Outcome(Ending.GONE, "ended while its event was missed")));
              return null;
            });
  }

  private void end(String deploymentId, Outcome outcome) {
    Tracked t = tracked.remove(deploymentId);
    if (t != null) {
      vertx.cancelTimer(t.timer());
      t.promise().tryComplete(outcome);
    }
  }
}

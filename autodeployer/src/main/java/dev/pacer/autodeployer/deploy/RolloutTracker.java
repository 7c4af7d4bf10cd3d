package dev.pacer.autodeployer.deploy;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.MarathonRelayed;
import dev.pacer.common.marathon.Deployment;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.MarathonJson;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows Marathon deployments by id to their end: {@code deployment_success} or {@code
 * deployment_failed} from the event stream, or the deadline. Events can be lost (Marathon replays
 * nothing), so {@link #reconcile()} ends every tracked deployment that {@code /v2/deployments} no
 * longer lists as {@link Ending#GONE}, for the caller to judge from the app itself. A deployment
 * can end before its PUT's answer has been read (Marathon's event and the HTTP answer race), so the
 * ends of the last {@value #REMEMBERED_ENDS} untracked deployments are remembered for a later
 * {@link #track}.
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

  static final int REMEMBERED_ENDS = 10_000;

  private record Tracked(Promise<Outcome> promise, Scheduler.Timer timer) {}

  private final Scheduler scheduler;
  private final MarathonClient marathon;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  // Event loop only.
  private final Map<String, Outcome> endedUntracked =
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
          return size() > REMEMBERED_ENDS;
        }
      };

  public RolloutTracker(Scheduler scheduler, MarathonClient marathon) {
    this.scheduler = scheduler;
    this.marathon = marathon;
  }

  public Future<Outcome> track(String deploymentId, Duration deadline) {
    Tracked existing = tracked.get(deploymentId);
    if (existing != null) {
      return existing.promise().future();
    }
    Outcome early = endedUntracked.remove(deploymentId);
    if (early != null) {
      return Future.succeededFuture(early);
    }
    Promise<Outcome> p = Promise.promise();
    Scheduler.Timer timer =
        scheduler.after(
            deadline,
            () ->
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
    if (!(EventTypes.read(e) instanceof MarathonRelayed relayed)) {
      return;
    }
    var ended = MarathonJson.deploymentEnded(relayed);
    if (ended.isEmpty()) {
      return;
    }
    String id = ended.get().id();
    Outcome outcome =
        ended.get().succeeded()
            ? new Outcome(Ending.SUCCEEDED, "")
            : new Outcome(Ending.FAILED, ended.get().reason());
    if (!end(id, outcome)) {
      endedUntracked.put(id, outcome); // perhaps ours, its PUT's answer not read yet
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

  private boolean end(String deploymentId, Outcome outcome) {
    Tracked t = tracked.remove(deploymentId);
    if (t == null) {
      return false;
    }
    t.timer().cancel();
    t.promise().tryComplete(outcome);
    return true;
  }
}

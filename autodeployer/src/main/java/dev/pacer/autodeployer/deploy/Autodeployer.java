package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.plan.DeployDecision;
import dev.pacer.autodeployer.plan.DeploymentPlanner;
import dev.pacer.autodeployer.policy.WatchedApp;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.marathon.DeploymentRef;
import dev.pacer.common.marathon.MarathonApp;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.MarathonException;
import dev.pacer.common.retry.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy pipeline: push → matching apps → {@link DeploymentPlanner} → Marathon → rollout. One
 * {@link AppLane} per app keeps one deploy in flight; a push that arrives meanwhile waits in the
 * lane (only the newest) and goes out when the running deployment ends, so an app steps straight to
 * the newest image and nothing is forced unless {@code force-after} says so. See DESIGN.md.
 * Everything here runs on the autodeployer verticle's event loop.
 */
public final class Autodeployer {
  private static final Logger LOG = LoggerFactory.getLogger(Autodeployer.class);

  /** The Marathon event types the autodeployer reads from {@code pacer.marathon}. */
  public static final java.util.Set<String> MARATHON_EVENTS =
      java.util.stream.Stream.concat(
              AppWatcher.MARATHON_EVENTS.stream(), RolloutTracker.MARATHON_EVENTS.stream())
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** What the pipeline needs from its settings. */
  public record Settings(
      Duration deployTimeout,
      boolean rollbackDefault,
      Duration forceAfter,
      Duration retryFor,
      boolean manifestCheck,
      Duration manifestGrace) {}

  private final Vertx vertx;
  private final MarathonClient marathon;
  private final DeployEvents events;
  private final AppWatcher watcher;
  private final RolloutTracker tracker;
  private final RegistryClient registry;
  private final Settings settings;
  private final Clock clock;
  // Mutated on the event loop only; read by /status from the HTTP thread.
  private final Map<String, AppLane> lanes = new java.util.concurrent.ConcurrentHashMap<>();
  private final Backoff retry = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

  private Autodeployer(
      Vertx vertx,
      MarathonClient marathon,
      DeployEvents events,
      AppWatcher watcher,
      RolloutTracker tracker,
      RegistryClient registry,
      Settings settings,
      Clock clock) {
    this.vertx = vertx;
    this.marathon = marathon;
    this.events = events;
    this.watcher = watcher;
    this.tracker = tracker;
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
  }

  /** Builds the pipeline. */
  public static Autodeployer create(
      Vertx vertx,
      MarathonClient marathon,
      EventBackbone backbone,
      String source,
      RegistryClient registry,
      Settings settings,
      Clock clock,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    DeployEvents events = new DeployEvents(backbone, source, clock, metrics);
    AppWatcher watcher =
        new AppWatcher(
            vertx,
            marathon,
            (appId, label, reason) ->
                events.publish(
                    DeployEvents.LABEL_INVALID,
                    appId,
                    dev.pacer.common.events.InvalidLabel.data(label, reason)));
    return new Autodeployer(
        vertx,
        marathon,
        events,
        watcher,
        new RolloutTracker(vertx, marathon),
        registry,
        settings,
        clock);
  }

  /** Index updates and deployment ends, from {@code pacer.marathon}. */
  public void onMarathonEvent(PacerEvent e) {
    watcher.onMarathonEvent(e);
    tracker.onMarathonEvent(e);
  }

  public Future<Void> close() {
    registry.close();
    return Future.succeededFuture();
  }

  /**
   * Handles one {@code pacer.registry.push}; succeeds once every matching app took or queued it.
   */
  public Future<Void> onPush(PacerEvent e) {
    ImagePush push;
    try {
      push = ImagePush.fromData(e.id(), e.data());
    } catch (RuntimeException ex) {
      LOG.error("event_id={} is not a usable push, dropped: {}", e.id(), ex.getMessage());
      return Future.succeededFuture();
    }
    List<WatchedApp> apps = watcher.index().matching(push.host(), push.repository(), push.tag());
    if (apps.isEmpty()) {
      LOG.debug("push {} matches no app", push.reference());
    }
    List<Future<Void>> all = new ArrayList<>();
    for (WatchedApp w : apps) {
      all.add(deliver(w, push));
    }
    return Future.all(all).mapEmpty();
  }

  /** Hands one push to one app's lane: deployed now, or kept as the newest waiting push. */
  public Future<Void> deliver(WatchedApp w, ImagePush push) {
    AppLane lane = lanes.computeIfAbsent(w.appId(), AppLane::new);
    if (lane.busy) {
      if (lane.offer(push)) {
        LOG.info("app={} busy {}; {} waits for it", w.appId(), lane.doing(), push.reference());
      }
      return Future.succeededFuture();
    }
    return run(lane, push);
  }

  public boolean busy(String appId) {
    AppLane lane = lanes.get(appId);
    return lane != null && (lane.busy || lane.queued != null);
  }

  DeployEvents events() {
    return events;
  }

  /** A rollback made by hand, for {@code /status}. */
  void recordManual(String appId, String image, String reason, java.time.Instant at) {
    lanes.computeIfAbsent(appId, AppLane::new).record("rolled_back", image, reason, at);
  }

  public AppWatcher watcher() {
    return watcher;
  }

  private Future<Void> run(AppLane lane, ImagePush push) {
    WatchedApp w = watcher.index().get(lane.appId);
    if (w == null) {
      return Future.succeededFuture();
    }
    lane.busy = true;
    boolean force = lane.forceNext;
    lane.forceNext = false;
    return marathon
        .getApp(lane.appId)
        .compose(app -> apply(lane, w, push, app, force))
        .recover(
            err -> {
              if (err instanceof MarathonException.AppLocked locked) {
                lane.offer(push);
                waitForUnlock(lane, locked.deploymentIds());
                return Future.succeededFuture();
              }
              lane.busy = false;
              lane.checked();
              if (err instanceof MarathonException.NotFound) {
                lane.record("skipped", push.reference(), "app is gone", clock.instant());
                return Future.succeededFuture();
              }
              if (push.pushedAt().plus(settings.retryFor()).isBefore(clock.instant())) {
                String reason = "gave up after " + settings.retryFor() + ": " + err.getMessage();
                LOG.error("app={} push {} dropped: {}", lane.appId, push.reference(), reason);
                lane.record("failed", push.reference(), reason, clock.instant());
                return events.publish(
                    DeployEvents.FAILED,
                    lane.appId,
                    DeployEvents.data(push.reference(), "", "", push, reason));
              }
              lane.retrying(push.reference(), String.valueOf(err.getMessage()), clock.instant());
              LOG.warn(
                  "app={} deploy of {} failed, will be retried: {}",
                  lane.appId,
                  push.reference(),
                  err.toString());
              return Future.failedFuture(err);
            });
  }

  private Future<Void> apply(
      AppLane lane, WatchedApp w, ImagePush push, MarathonApp app, boolean force) {
    DeployDecision decision =
        lane.wasRolledBack(push.digest())
            ? new DeployDecision.Skip(
                push.digest()
                    + " was rolled back from this app; a new image deploys, this one does not")
            : DeploymentPlanner.plan(push, app, w.policy());
    if (decision instanceof DeployDecision.Skip skip) {
      LOG.info("app={} skips {}: {}", lane.appId, push.reference(), skip.reason());
      lane.record("skipped", push.reference(), skip.reason(), clock.instant());
      free(lane);
      return Future.succeededFuture();
    }
    DeployDecision.Deploy deploy = (DeployDecision.Deploy) decision;
    Future<RegistryClient.Check> checked =
        settings.manifestCheck()
            ? registry.check(
                push,
                settings.manifestGrace(),
                attempt -> lane.checking(push.reference(), attempt, clock.instant()))
            : Future.succeededFuture(
                new RegistryClient.Check(RegistryClient.Result.NOT_CHECKED, 0));
    return checked.compose(
        check -> {
          lane.checked();
          if (check.result() == RegistryClient.Result.MOVED) {
            String reason =
                push.reference()
                    + " no longer points at "
                    + push.digest()
                    + ": a later push moved it";
            LOG.info("app={} skips {}: {}", lane.appId, push.reference(), reason);
            lane.record("skipped", deploy.image(), reason, clock.instant());
            free(lane);
            return Future.succeededFuture();
          }
          if (check.result() == RegistryClient.Result.ABSENT) {
            // Not a failed deploy: nothing was deployed. A tag that shows up later is the
            // backstop's, which deploys what the registry has.
            String reason =
                "manifest "
                    + push.reference()
                    + " not in the registry after "
                    + settings.manifestGrace()
                    + " ("
                    + check.attempts()
                    + (check.attempts() == 1 ? " check" : " checks")
                    + "); left to the backstop poll";
            LOG.warn("app={} skips {}: {}", lane.appId, push.reference(), reason);
            lane.record("skipped", deploy.image(), reason, clock.instant());
            events.skipped();
            free(lane);
            return Future.succeededFuture();
          }
          return marathon
              .updateImage(app, deploy.image(), deploy.labels(), force)
              .recover(
                  err ->
                      err instanceof MarathonException.Unavailable
                          ? AmbiguousWrites.tookAnyway(marathon, lane.appId, deploy, err)
                          : Future.failedFuture(err))
              .compose(
                  ref -> {
                    lane.inFlightImage = deploy.image();
                    lane.retrying = null;
                    lane.inFlightDeployment = ref.deploymentId();
                    lane.retries = 0;
                    Map<String, Object> d =
                        DeployEvents.data(
                            deploy.image(), app.image(), ref.deploymentId(), push, deploy.reason());
                    d.put("forced", force);
                    // The two app versions, for the config diff of this deployment.
                    d.put("previous-version", app.version());
                    d.put("version", ref.version());
                    // Published before following: the deployment may have ended already (its
                    // event can outrun the PUT's answer), and "succeeded" must come after
                    // "started".
                    Future<Void> started = events.publish(DeployEvents.STARTED, lane.appId, d);
                    follow(lane, w, app, deploy, ref);
                    return started;
                  });
        });
  }

  /** Waits for the deployment to end, then reports it and rolls back if asked. */
  private void follow(
      AppLane lane,
      WatchedApp w,
      MarathonApp before,
      DeployDecision.Deploy deploy,
      DeploymentRef ref) {
    String previous = before.image();
    String image = deploy.image();
    // a deployment already over when Pacer learnt of it (an ambiguous answer): judged from the app
    Future<RolloutTracker.Outcome> ended =
        ref.deploymentId().isEmpty()
            ? Future.succeededFuture(
                new RolloutTracker.Outcome(
                    RolloutTracker.Ending.GONE, "over before Marathon's answer could say"))
            : tracker.track(ref.deploymentId(), settings.deployTimeout());
    ended.onComplete(
        ar -> {
          RolloutTracker.Outcome o = ar.result();
          Future<RolloutTracker.Ending> ending =
              o.ending() == RolloutTracker.Ending.GONE
                  ? marathon
                      .getApp(lane.appId)
                      .map(
                          app ->
                              app.image().equals(image)
                                  ? RolloutTracker.Ending.SUCCEEDED
                                  : RolloutTracker.Ending.FAILED)
                  : Future.succeededFuture(o.ending());
          ending.onComplete(
              end -> {
                RolloutTracker.Ending e =
                    end.succeeded() ? end.result() : RolloutTracker.Ending.FAILED;
                if (e == RolloutTracker.Ending.SUCCEEDED) {
                  lane.record("succeeded", image, "", clock.instant());
                  events.publish(
                      DeployEvents.SUCCEEDED,
                      lane.appId,
                      DeployEvents.data(image, previous, ref.deploymentId(), null, ""));
                  free(lane);
                  return;
                }
                String reason = o.reason().isEmpty() ? "deployment failed" : o.reason();
                lane.record("failed", image, reason, clock.instant());
                events.publish(
                    DeployEvents.FAILED,
                    lane.appId,
                    DeployEvents.data(image, previous, ref.deploymentId(), null, reason));
                if (w.policy().rollbackOr(settings.rollbackDefault()) && !previous.isEmpty()) {
                  rollBack(
                      lane,
                      before,
                      image,
                      deploy.labels().getOrDefault(DeploymentPlanner.IMAGE_DIGEST, ""),
                      ref.deploymentId(),
                      e == RolloutTracker.Ending.TIMED_OUT);
                } else {
                  free(lane);
                }
              });
        });
  }

  /**
   * A running deployment is reverted (DELETE: Marathon puts the whole previous definition back,
   * labels too); a finished one gets its previous image back with the labels that describe it, and
   * the failed digest marked as rolled back. Either way the lane remembers the failed digest, so a
   * redelivered push of it is skipped for that reason.
   */
  private void rollBack(
      AppLane lane,
      MarathonApp before,
      String failedImage,
      String failedDigest,
      String deploymentId,
      boolean running) {
    String previous = before.image();
    Future<DeploymentRef> undo =
        running
            ? marathon.revertDeployment(deploymentId)
            : marathon.updateImage(
                lane.appId,
                previous,
                DeploymentPlanner.restoring(before.labels(), failedDigest),
                false);
    undo.onSuccess(
            ref -> {
              lane.rolledBack(failedDigest);
              lane.record("rolled_back", previous, "from " + failedImage, clock.instant());
              Map<String, Object> d =
                  DeployEvents.data(
                      previous,
                      failedImage,
                      ref.deploymentId(),
                      null,
                      running
                          ? "reverted deployment " + deploymentId
                          : "put the previous image back");
              events.publish(DeployEvents.ROLLED_BACK, lane.appId, d);
              tracker
                  .track(ref.deploymentId(), settings.deployTimeout())
                  .onComplete(x -> free(lane));
            })
        .onFailure(
            err -> {
              LOG.error("app={} rollback to {} failed: {}", lane.appId, previous, err.toString());
              lane.record("rollback_failed", previous, err.getMessage(), clock.instant());
              free(lane);
            });
  }

  private void waitForUnlock(AppLane lane, List<String> deploymentIds) {
    LOG.info("app={} locked by {}; newest push waits", lane.appId, deploymentIds);
    lane.inFlightDeployment = String.join(",", deploymentIds);
    int token = ++lane.waitToken;
    List<Future<RolloutTracker.Outcome>> ends = new ArrayList<>();
    deploymentIds.forEach(id -> ends.add(tracker.track(id, settings.deployTimeout())));
    Future.join(ends)
        .onComplete(
            x -> {
              if (lane.waitToken == token) {
                lane.waitToken++; // the force-after timer of this wait must not fire any more
                free(lane);
              }
            });
    if (settings.forceAfter() != null) {
      vertx.setTimer(
          settings.forceAfter().toMillis(),
          t -> {
            if (lane.waitToken == token && lane.busy) {
              lane.waitToken++;
              LOG.warn(
                  "app={} still locked by {} after {}: forcing",
                  lane.appId,
                  deploymentIds,
                  settings.forceAfter());
              lane.forceNext = true;
              free(lane);
            }
          });
    }
  }

  /** Ends the lane's current work and starts the push waiting in it, if any. */
  private void free(AppLane lane) {
    lane.busy = false;
    lane.checked();
    lane.inFlightImage = null;
    lane.inFlightDeployment = null;
    ImagePush next = lane.take();
    if (next != null) {
      run(lane, next)
          .onFailure(
              err -> {
                // Its event was already handled: keep it and try again, rather than lose it.
                lane.offer(next);
                int attempt = ++lane.retries;
                vertx.setTimer(
                    retry.delayMillis(attempt),
                    t -> {
                      if (!lane.busy) {
                        free(lane);
                      }
                    });
              });
    }
  }

  public Future<Void> resync() {
    return watcher.resync().compose(v -> tracker.reconcile());
  }

  public Map<String, Object> status() {
    return AutodeployStatus.of(watcher, lanes);
  }
}

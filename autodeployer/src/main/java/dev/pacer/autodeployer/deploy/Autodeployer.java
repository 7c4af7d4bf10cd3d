package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.plan.LaneEffect;
import dev.pacer.autodeployer.plan.LaneInput;
import dev.pacer.autodeployer.plan.LaneMachine;
import dev.pacer.autodeployer.plan.LaneState;
import dev.pacer.autodeployer.policy.PushMatches;
import dev.pacer.autodeployer.policy.WatchedApp;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.LabelInvalid;
import dev.pacer.common.events.types.RegistryPush;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.MarathonException;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy pipeline's interpreter: push → matching apps → each app's lane ({@link LaneMachine},
 * which decides everything: planning, the manifest check's meaning, lock waits, force-after,
 * retries, rollbacks) → the effects it asks for carried out against Marathon, the registry, the
 * rollout tracker, timers and the backbone, and their answers fed back. Nothing here decides.
 * Everything here runs on the autodeployer verticle's event loop. See ARCHITECTURE.md.
 */
public final class Autodeployer {
  private static final Logger LOG = LoggerFactory.getLogger(Autodeployer.class);

  /** The Marathon event types the autodeployer reads from {@code pacer.marathon}. */
  public static final java.util.Set<String> MARATHON_EVENTS =
      java.util.stream.Stream.concat(
              AppWatcher.MARATHON_EVENTS.stream(), RolloutTracker.MARATHON_EVENTS.stream())
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private final Vertx vertx;
  private final MarathonClient marathon;
  private final DeployEvents events;
  private final AppWatcher watcher;
  private final RolloutTracker tracker;
  private final RegistryClient registry;
  private final Scheduler scheduler;
  private final LaneMachine machine;
  // Replaced on the event loop only (the states are values); read by /status from the HTTP thread.
  private final Map<String, LaneState> lanes = new java.util.concurrent.ConcurrentHashMap<>();
  // Event loop only: the pushes whose delivery waits for their lane, and the inputs not yet fed.
  private final Map<Long, Promise<Void>> waiting = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.ArrayDeque<Map.Entry<String, LaneInput>> inbox =
      new java.util.ArrayDeque<>();
  private final java.util.concurrent.atomic.AtomicLong tickets =
      new java.util.concurrent.atomic.AtomicLong();
  private boolean draining;
  // The context the lanes live on; inputs from elsewhere (a hand rollback's HTTP handler) hop onto
  // it. Null until the verticle starts (then the caller's, as in tests that drive it directly).
  private volatile io.vertx.core.Context home;

  private Autodeployer(
      Vertx vertx,
      MarathonClient marathon,
      DeployEvents events,
      AppWatcher watcher,
      RolloutTracker tracker,
      RegistryClient registry,
      LaneMachine.Settings settings,
      Scheduler scheduler) {
    this.vertx = vertx;
    this.scheduler = scheduler;
    this.marathon = marathon;
    this.events = events;
    this.watcher = watcher;
    this.tracker = tracker;
    this.registry = registry;
    this.machine = new LaneMachine(settings);
  }

  /** Builds the pipeline. */
  public static Autodeployer create(
      Vertx vertx,
      MarathonClient marathon,
      EventBackbone backbone,
      String source,
      RegistryClient registry,
      LaneMachine.Settings settings,
      Scheduler scheduler,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    DeployEvents events = new DeployEvents(backbone, source, scheduler.clock(), metrics);
    AppWatcher watcher =
        new AppWatcher(
            vertx,
            marathon,
            (appId, label, reason) ->
                events.publish(appId, LabelInvalid.of("autodeploy", label, reason)));
    return new Autodeployer(
        vertx,
        marathon,
        events,
        watcher,
        new RolloutTracker(scheduler, marathon),
        registry,
        settings,
        scheduler);
  }

  // The deploy freezes and quarantines that hold pushes besides the lanes.
  private final Holds holds = new Holds();

  /** Where images rolled back from an app are quarantined. */
  public void quarantinesIn(dev.pacer.common.control.Quarantines q) {
    holds.quarantines(q);
  }

  /**
   * The pauses whose deploy freezes ({@code deploys:<app>}, {@code deploys:global}) hold pushes,
   * and whose quarantines keep rolled-back images out.
   */
  public void freezesFrom(dev.pacer.common.control.PauseView pauses) {
    holds.pauses(pauses);
  }

  Holds holds() {
    return holds;
  }

  private dev.pacer.autodeployer.approve.Approvals approvals;

  /**
   * The approvals of pushes to apps whose label asks for them, kept in {@code store} and read back
   * from {@code view}; an approved push comes back to its app's lane.
   */
  public dev.pacer.autodeployer.approve.Approvals approvalsIn(
      dev.pacer.common.control.ControlStore store, dev.pacer.common.control.PauseView view) {
    approvals =
        new dev.pacer.autodeployer.approve.Approvals(store, view, events::publish, scheduler);
    approvals.deployTo(
        a -> {
          WatchedApp w = watcher.index().get(a.app());
          dispatch(
              a.app(),
              new LaneInput.Push(
                  a.push().approvedBy(a.id()),
                  0,
                  w == null ? dev.pacer.autodeployer.policy.TagPolicy.GLOB : w.policy().tags()));
        });
    return approvals;
  }

  /** The app's lane as it is now; null before its first push. */
  LaneState lane(String appId) {
    return lanes.get(appId);
  }

  /**
   * Lets go the pushes held by freezes that have ended (by themselves or lifted): each such lane
   * runs its waiting push now. Called on a timer; a push never waits much past its freeze.
   */
  public void thaw() {
    java.time.Instant now = scheduler.now();
    lanes.forEach(
        (appId, lane) -> {
          // a push a freeze holds (a queued push waiting for its retry keeps its backoff)
          if (!lane.busy()
              && lane.queued() != null
              && "held".equals(lane.last().get("outcome"))
              && holds.freeze(appId, now) == null) {
            dispatch(appId, new LaneInput.Thaw());
          }
        });
  }

  /** Runs every lane on {@code context}: an input from another thread hops onto it first. */
  public void confineTo(io.vertx.core.Context context) {
    this.home = context;
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
      push = ImagePush.of(e.id(), EventTypes.read(e, RegistryPush.class));
    } catch (RuntimeException ex) {
      LOG.error("event_id={} is not a usable push, dropped: {}", e.id(), ex.getMessage());
      return Future.succeededFuture();
    }
    List<WatchedApp> apps = watcher.index().matching(push.host(), push.repository(), push.tag());
    if (apps.isEmpty()) {
      LOG.debug("push {} matches no app", push.reference());
    }
    List<Future<Void>> all = new ArrayList<>();
    all.add(
        events
            .publish(push.reference(), PushMatches.of(push, apps, watcher.index().apps()))
            .otherwise(x -> null));
    for (WatchedApp w : apps) {
      all.add(deliver(w, push));
    }
    return Future.all(all).mapEmpty();
  }

  /** Hands one push to one app's lane: deployed now, or kept as the newest waiting push. */
  public Future<Void> deliver(WatchedApp w, ImagePush push) {
    long ticket = tickets.incrementAndGet();
    Promise<Void> taken = Promise.promise();
    waiting.put(ticket, taken);
    dispatch(w.appId(), new LaneInput.Push(push, ticket, w.policy().tags()));
    return taken.future();
  }

  /** An app's pattern and lane (as {@code /status} shows them); empty when it is not watched. */
  public Map<String, Object> view(String appId) {
    WatchedApp w = watcher.index().get(appId);
    if (w == null) {
      return Map.of();
    }
    Map<String, Object> a = new java.util.LinkedHashMap<>();
    a.put("pattern", w.policy().pattern().text());
    if (w.policy().tags() != dev.pacer.autodeployer.policy.TagPolicy.GLOB) {
      a.put("policy", w.policy().tags().toString());
    }
    LaneState lane = lanes.get(appId);
    if (lane != null) {
      a.putAll(lane.status());
    }
    return a;
  }

  /** The apps whose autodeploy label is watched. */
  public List<String> ids() {
    return watcher.index().apps().stream().map(WatchedApp::appId).toList();
  }

  public boolean busy(String appId) {
    LaneState lane = lanes.get(appId);
    return lane != null && (lane.busy() || lane.queued() != null);
  }

  DeployEvents events() {
    return events;
  }

  /** A rollback made by hand, for {@code /status}. */
  void recordManual(String appId, String image, String reason) {
    dispatch(appId, new LaneInput.ManualRollback(image, reason));
  }

  public AppWatcher watcher() {
    return watcher;
  }

  /**
   * Feeds one input to an app's lane and carries out what the lane asks. Inputs that effects
   * produce while this runs (an answer already at hand) wait their turn, so each step's effects run
   * in order and to the end.
   */
  private void dispatch(String appId, LaneInput input) {
    io.vertx.core.Context here = home;
    if (here != null && Vertx.currentContext() != here) {
      here.runOnContext(v -> dispatch(appId, input));
      return;
    }
    inbox.add(Map.entry(appId, input));
    if (draining) {
      return;
    }
    draining = true;
    try {
      Map.Entry<String, LaneInput> next;
      while ((next = inbox.poll()) != null) {
        String app = next.getKey();
        try {
          LaneMachine.Transition t =
              machine.step(
                  lanes.getOrDefault(app, LaneState.idle(app)), next.getValue(), scheduler.now());
          lanes.put(app, t.state());
          t.effects().forEach(e -> carryOut(app, e));
        } catch (RuntimeException ex) {
          // a defect: said loudly, and the other lanes' inputs still go through
          LOG.error("app={} lane failed on {}", app, next.getValue(), ex);
        }
      }
    } finally {
      draining = false;
    }
  }

  private void carryOut(String appId, LaneEffect effect) {
    if (effect instanceof LaneEffect.ReadApp r) {
      WatchedApp w = r.forPush() ? watcher.index().get(appId) : null;
      if (r.forPush() && w == null) {
        dispatch(appId, new LaneInput.AppRead(r.epoch(), null, null));
        return;
      }
      answer(
          appId,
          marathon.getApp(appId),
          app ->
              new LaneInput.AppRead(
                  r.epoch(),
                  app,
                  w == null ? null : w.policy(),
                  // a freeze holds pushes, not the judging of a deployment already under way
                  r.forPush() ? holds.freeze(appId, scheduler.now()) : null,
                  holds.quarantined(appId),
                  holds.store(),
                  r.forPush() && approvals != null ? approvals.awaiting(appId) : null),
          r.epoch());
    } else if (effect instanceof LaneEffect.CheckManifest c) {
      answer(
          appId,
          registry.check(
              c.push(),
              c.grace(),
              attempt -> dispatch(appId, new LaneInput.ManifestWaiting(c.epoch(), attempt))),
          check ->
              new LaneInput.ManifestChecked(
                  c.epoch(), LaneInput.Manifest.valueOf(check.result().name()), check.attempts()),
          c.epoch());
    } else if (effect instanceof LaneEffect.Put p) {
      answer(
          appId,
          marathon.updateImage(p.before(), p.deploy().image(), p.deploy().labels(), p.force()),
          ref -> new LaneInput.Accepted(p.epoch(), ref),
          p.epoch());
    } else if (effect instanceof LaneEffect.ReadBack r) {
      Future.all(marathon.getApp(appId), marathon.deployments())
          .onComplete(
              ar ->
                  dispatch(
                      appId,
                      ar.succeeded()
                          ? new LaneInput.ReadBack(
                              r.epoch(),
                              ar.result().resultAt(0),
                              ar.result().resultAt(1),
                              r.original())
                          : new LaneInput.ReadBack(r.epoch(), null, null, r.original())));
    } else if (effect instanceof LaneEffect.Track t) {
      tracker
          .track(t.deploymentId(), t.timeout())
          .onComplete(
              ar ->
                  dispatch(
                      appId,
                      ar.succeeded()
                          ? new LaneInput.Ended(
                              t.epoch(),
                              LaneInput.Ending.valueOf(ar.result().ending().name()),
                              ar.result().reason())
                          : new LaneInput.Ended(
                              t.epoch(), LaneInput.Ending.FAILED, String.valueOf(ar.cause()))));
    } else if (effect instanceof LaneEffect.AwaitUnlock u) {
      List<Future<RolloutTracker.Outcome>> ends = new ArrayList<>();
      u.deploymentIds().forEach(id -> ends.add(tracker.track(id, u.timeout())));
      Future.join(ends).onComplete(x -> dispatch(appId, new LaneInput.Unlocked(u.epoch())));
    } else if (effect instanceof LaneEffect.Revert r) {
      answer(
          appId,
          marathon.revertDeployment(r.deploymentId()),
          ref -> new LaneInput.RollbackAccepted(r.epoch(), ref),
          r.epoch());
    } else if (effect instanceof LaneEffect.Restore r) {
      answer(
          appId,
          marathon.updateImage(appId, r.image(), r.labels(), false),
          ref -> new LaneInput.RollbackAccepted(r.epoch(), ref),
          r.epoch());
    } else if (effect instanceof LaneEffect.Publish p) {
      publish(appId, p);
    } else if (effect instanceof LaneEffect.Complete c) {
      complete(c);
    } else if (effect instanceof LaneEffect.Arm a) {
      scheduler.after(
          a.after(), () -> dispatch(appId, new LaneInput.TimerFired(a.epoch(), a.timer())));
    } else if (effect instanceof LaneEffect.Log l) {
      log(l);
    } else if (effect instanceof LaneEffect.Quarantine q) {
      holds.quarantine(appId, q.digest(), q.why(), "pacer-autodeployer");
    } else if (effect instanceof LaneEffect.RequestApproval
        || effect instanceof LaneEffect.SettleApproval) {
      if (approvals == null) {
        throw new IllegalStateException("an approval effect before approvalsIn: " + effect);
      }
      approvals.carryOut(appId, effect);
    } else if (effect instanceof LaneEffect.CountSkipped) {
      events.skipped();
    }
  }

  /** The approval the app's pushes wait for, if any. */
  dev.pacer.autodeployer.plan.ApprovalGate.Awaiting awaiting(String appId) {
    return approvals == null ? null : approvals.awaiting(appId);
  }

  private void complete(LaneEffect.Complete c) {
    Promise<Void> taken = waiting.remove(c.ticket());
    if (taken == null) {
      return;
    }
    if (c.failure() == null) {
      taken.complete();
    } else {
      taken.fail(
          c.failure().cause() != null
              ? c.failure().cause()
              : new IllegalStateException(c.failure().message()));
    }
  }

  /** Feeds the outcome of one effect back: {@code ok} on success, a classified failure else. */
  private <T> void answer(
      String appId, Future<T> io, java.util.function.Function<T, LaneInput> ok, long epoch) {
    io.onComplete(
        ar ->
            dispatch(
                appId,
                ar.succeeded()
                    ? ok.apply(ar.result())
                    : new LaneInput.Failed(epoch, failure(ar.cause()))));
  }

  /** Marathon's and the registry's failures, as the lane tells them apart. */
  static LaneInput.Failure failure(Throwable err) {
    if (err instanceof MarathonException.AppLocked locked) {
      return new LaneInput.Locked(locked.deploymentIds(), String.valueOf(err.getMessage()), err);
    }
    if (err instanceof MarathonException.NotFound) {
      return new LaneInput.Gone(String.valueOf(err.getMessage()), err);
    }
    if (err instanceof MarathonException.Unavailable) {
      return new LaneInput.Unanswered(String.valueOf(err.getMessage()), err);
    }
    return new LaneInput.Passing(String.valueOf(err.getMessage()), err);
  }

  /** Publishes; a failure is logged with the event, and fails the push's ticket when it has one. */
  private void publish(String appId, LaneEffect.Publish p) {
    events
        .publish(appId, p.data())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error(
                    "app={} could not publish {} ({}): {}",
                    appId,
                    p.type(),
                    p.data().image(),
                    ar.cause().toString());
              }
              Promise<Void> taken = p.ticket() == 0 ? null : waiting.remove(p.ticket());
              if (taken != null) {
                taken.handle(ar.mapEmpty());
              }
            });
  }

  private static void log(LaneEffect.Log l) {
    switch (l.level()) {
      case DEBUG -> LOG.debug(l.message());
      case INFO -> LOG.info(l.message());
      case WARN -> LOG.warn(l.message());
      default -> LOG.error(l.message());
    }
  }

  public Future<Void> resync() {
    return watcher.resync().compose(v -> tracker.reconcile());
  }

  public Map<String, Object> status() {
    return AutodeployStatus.of(watcher, lanes);
  }
}

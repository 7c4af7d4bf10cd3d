package dev.pacer.autodeployer;

import dev.pacer.autodeployer.deploy.Autodeployer;
import dev.pacer.autodeployer.deploy.Backstop;
import dev.pacer.autodeployer.deploy.ManualRollback;
import dev.pacer.autodeployer.ingest.RegistryWebhook;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.StreamAttached;
import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autodeployer's verticle: mounts the registry webhooks, follows {@code pacer.marathon} (index
 * updates, deployment ends) and {@code pacer.registry} (pushes), and resyncs on every (re)attach of
 * Marathon's stream and every {@code resync-interval}.
 */
public final class AutodeployerVerticle extends DaemonVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(AutodeployerVerticle.class);

  private final AutodeployerConfig settings;
  private final Autodeployer autodeployer;
  private final Backstop backstop;
  private final RegistryWebhook webhook;
  private final ManualRollback rollback;
  private final List<EventBackbone.Subscription> subscriptions = new ArrayList<>();
  private Scheduler.Timer resyncTimer = () -> {};
  private Scheduler.Timer pollTimer = () -> {};
  private Scheduler.Timer thawTimer = () -> {};
  // The stream attach the latest successful resync began after (StreamAttaches#current then).
  private final java.util.concurrent.atomic.AtomicLong resyncedFrom =
      new java.util.concurrent.atomic.AtomicLong();

  private final dev.pacer.autodeployer.deploy.AutodeployTest test;

  AutodeployerVerticle(
      PacerRuntime runtime,
      AutodeployerConfig settings,
      Autodeployer autodeployer,
      Backstop backstop,
      RegistryWebhook webhook,
      ManualRollback rollback,
      dev.pacer.autodeployer.deploy.AutodeployTest test) {
    super(AutodeployerMain.NAME, runtime);
    this.test = test;
    this.settings = settings;
    this.autodeployer = autodeployer;
    this.backstop = backstop;
    this.webhook = webhook;
    this.rollback = rollback;
  }

  @Override
  protected Future<?> startDaemon() {
    autodeployer.confineTo(context); // the lanes change on this verticle's event loop only
    autodeployer.freezesFrom(runtime.pauses());
    autodeployer.quarantinesIn(runtime.store());
    dev.pacer.autodeployer.approve.Approvals approvals =
        autodeployer.approvalsIn(runtime.store(), runtime.pauses());
    new dev.pacer.autodeployer.approve.ApprovalsApi(approvals)
        .mount(runtime.router(), runtime.admin().requireAdminToken());
    new dev.pacer.autodeployer.approve.SlackInteractions(
            settings.slackSigningSecret(), approvals, runtime.clock())
        .mount(runtime.router());
    webhook.mount(runtime.router());
    rollback.mount(runtime.router(), runtime.admin().requireAdminToken());
    test.mount(runtime.router());
    if (runtime.views() != null) {
      runtime
          .views()
          .app(
              "autodeploy",
              dev.pacer.common.journal.StateViews.part(autodeployer::view, autodeployer::ids));
    }
    String group = runtime.config().kafka().groupPrefix() + "." + AutodeployerMain.NAME;
    EventBackbone backbone = runtime.backbone();
    Scheduler scheduler = runtime.scheduler();
    resyncTimer =
        scheduler.every(settings.resyncInterval(), settings.resyncInterval(), this::resync);
    // a push held by a deploy freeze goes within a second of the freeze's end; the leader decides
    // the approvals (votes in, a rejection, a deadline) every second
    thawTimer =
        scheduler.every(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            () -> {
              autodeployer.thaw();
              if (runtime.leadership().isLeader()) {
                approvals.tick();
              }
            });
    pollTimer =
        scheduler.every(
            settings.pollInterval(),
            settings.pollInterval(),
            () ->
                (runtime.leadership().isLeader()
                        ? backstop.poll()
                        : Future.<Void>succeededFuture()) // HA: the leader polls
                    .onFailure(
                        e -> LOG.warn("backstop poll failed, will retry: {}", e.toString())));
    // Each replica follows the deployments it started and keeps its own index: with HA it needs
    // every Marathon event, in a group of its own, from now on.
    Future<EventBackbone.Subscription> marathonEvents =
        runtime.config().ha().enabled()
            ? backbone.subscribeFromNow(
                Topics.MARATHON,
                group + ".marathon." + runtime.config().ha().id(),
                this::onMarathonEvent)
            : backbone.subscribe(Topics.MARATHON, group + ".marathon", this::onMarathonEvent);
    return marathonEvents
        .compose(
            s -> {
              subscriptions.add(s);
              return resyncFromNow()
                  .recover(
                      e -> {
                        LOG.warn("first autodeploy resync failed, will retry: {}", e.toString());
                        return Future.succeededFuture();
                      });
            })
        .compose(
            v -> backbone.subscribe(Topics.REGISTRY, group + ".registry", autodeployer::onPush))
        .onSuccess(subscriptions::add);
  }

  private Future<Void> onMarathonEvent(PacerEvent e) {
    autodeployer.onMarathonEvent(e);
    if (e.type().equals(EventTypes.STREAM_ATTACHED)) {
      StreamAttached attached = EventTypes.read(e, StreamAttached.class);
      if (runtime.streamAttaches().covers(resyncedFrom.get(), attached)) {
        // at start: the first resync read Marathon after this attach already
        LOG.debug("stream attach {} needs no resync: read after it", attached.attach());
      } else {
        resync();
      }
    }
    return Future.succeededFuture();
  }

  private void resync() {
    resyncFromNow()
        .onFailure(e -> LOG.warn("autodeploy resync failed, will retry: {}", e.toString()));
  }

  /** A resync that, once it succeeded, covers every attach of the stream up to its start. */
  private Future<Void> resyncFromNow() {
    long from = runtime.streamAttaches().current();
    return autodeployer.resync().onSuccess(v -> resyncedFrom.accumulateAndGet(from, Math::max));
  }

  @Override
  protected Future<?> stopDaemon() {
    resyncTimer.cancel();
    pollTimer.cancel();
    thawTimer.cancel();
    List<Future<Void>> closing = new ArrayList<>();
    subscriptions.forEach(s -> closing.add(s.close()));
    return Future.join(closing).eventually(autodeployer::close);
  }

  @Override
  protected Map<String, Object> status() {
    return autodeployer.status();
  }
}

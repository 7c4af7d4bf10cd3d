package dev.pacer.slacknotifier.notify;

import dev.pacer.common.events.LogKeys;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.DeployEvent;
import dev.pacer.common.events.types.EventData;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.LabelInvalid;
import dev.pacer.common.events.types.MarathonRelayed;
import dev.pacer.common.events.types.PauseEvent;
import dev.pacer.common.events.types.PoolEvent;
import dev.pacer.common.events.types.PoolHeld;
import dev.pacer.common.events.types.RegistryPush;
import dev.pacer.common.events.types.ScaleEvent;
import dev.pacer.common.events.types.ScaleHeld;
import dev.pacer.common.events.types.UnknownEvent;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.time.Scheduler;
import dev.pacer.slacknotifier.delivery.Delivery;
import dev.pacer.slacknotifier.format.Messages;
import dev.pacer.slacknotifier.plan.MessagePlanner;
import dev.pacer.slacknotifier.plan.Op;
import dev.pacer.slacknotifier.routing.Routes;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns events into Slack messages. Each deployment is one message, posted when it starts and
 * updated as it ends, with its config diff and its steps in the thread; an image push is one
 * message that lists the apps it deploys as they start; scale events are coalesced per channel;
 * label errors are said once per app and error. Handlers only queue work: they never wait on Slack.
 * Runs on one Vert.x context.
 */
public final class Notifier {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Notifier.class);
  private static final int REMEMBERED = 2_000;

  private final MarathonDetails details;
  private final Delivery delivery;
  private final Routes routes;
  private final AppLabels labels;
  private final ScaleCoalescer scale;
  private final MessagePlanner planner = new MessagePlanner();
  private PostedOnce labelErrors = PostedOnce.inMemory(REMEMBERED);

  public Notifier(
      MarathonClient marathon,
      Delivery delivery,
      Routes routes,
      Scheduler scheduler,
      Duration labelTtl,
      Duration coalesceWindow) {
    this(marathon, delivery, routes, scheduler, labelTtl, coalesceWindow, null);
  }

  /**
   * {@code stateDir}: where the label errors already posted are kept, so a restart does not post
   * them again (null: in memory only).
   */
  public Notifier(
      MarathonClient marathon,
      Delivery delivery,
      Routes routes,
      Scheduler scheduler,
      Duration labelTtl,
      Duration coalesceWindow,
      java.nio.file.Path stateDir) {
    if (stateDir != null) {
      this.labelErrors = PostedOnce.at(stateDir.resolve("slack-label-errors.json"), REMEMBERED);
    }
    this.details = new MarathonDetails(marathon);
    this.delivery = delivery;
    this.routes = routes;
    this.labels = new AppLabels(marathon, scheduler.clock(), labelTtl);
    this.scale = new ScaleCoalescer(scheduler, delivery, coalesceWindow);
  }

  /** {@code pacer.registry}: an image push. */
  public Future<Void> onRegistry(PacerEvent e) {
    if (!(typed(e) instanceof RegistryPush)) {
      return Future.succeededFuture();
    }
    return route(e, "")
        .map(
            ch -> {
              ch.ifPresent(c -> send(planner.pushed(e, c)));
              return null;
            });
  }

  /** {@code pacer.marathon}: label changes, and deployment steps for the threads. */
  public Future<Void> onMarathon(PacerEvent e) {
    if (!(typed(e) instanceof MarathonRelayed m)) {
      return Future.succeededFuture();
    }
    Map<String, Object> d = m.payload();
    switch (m.eventType()) {
      case "api_post_event" -> {
        dev.pacer.common.marathon.MarathonJson.postedApp(d, e.subject())
            .ifPresent(app -> labels.changed(app.id(), app.labels()));
      }
      case "deployment_step_success", "deployment_step_failure" -> {
        if (d.get("plan") instanceof Map<?, ?> plan && plan.get("id") instanceof String id) {
          send(planner.step(id, MarathonDetails.stepLine(m.eventType().endsWith("success"), d)));
        }
      }
      default -> {}
    }
    return Future.succeededFuture();
  }

  /** {@code pacer.actions}: deploys, scale actions, agent pool actions, label errors. */
  public Future<Void> onAction(PacerEvent e) {
    EventData d = typed(e);
    if (d instanceof dev.pacer.common.events.types.DeploySkipped) {
      return Future.succeededFuture(); // the decision journal's, not news for a channel
    }
    if (d instanceof dev.pacer.common.events.types.DeployDryRun) {
      return post(e, Messages.deployDryRun(e), false, "deploys");
    }
    if (d instanceof dev.pacer.common.events.types.DeployHeld) {
      // not a deployment yet: one message that the push waits for the freeze
      return post(e, Messages.deployHeld(e), false, "deploys");
    }
    if (d instanceof dev.pacer.common.events.types.DeployApproval) {
      // one message per approval: every change updates it (an update of a message this process
      // never posted posts it, as after a restart)
      return route(e, e.subject())
          .map(
              ch -> {
                ch.ifPresent(
                    c ->
                        delivery.send(
                            c,
                            Op.update(
                                dev.pacer.slacknotifier.format.ApprovalMessage.key(e),
                                dev.pacer.slacknotifier.format.ApprovalMessage.of(e),
                                "approvals")));
                return null;
              });
    }
    if (d instanceof DeployEvent) {
      return deploy(e);
    }
    if ((d instanceof ScaleHeld h && h.afterStart())
        || (d instanceof PoolHeld p && p.afterStart())) {
      // a hold the first cycle after a (re)start found: said before the restart, not news
      return Future.succeededFuture();
    }
    if (d instanceof LabelInvalid invalid) {
      // once per label text (its digest), across restarts: not the reason, which may name a time
      String version = invalid.labelSha256() == null ? invalid.reason() : invalid.labelSha256();
      if (!labelErrors.first(e.type() + " " + e.subject() + " " + version)) {
        return Future.succeededFuture();
      }
      return post(e, Messages.labelInvalid(e), false, "label errors");
    }
    if (d instanceof ScaleEvent) {
      return route(e, e.subject())
          .map(
              ch -> {
                ch.ifPresent(c -> scale.add(c, e));
                return null;
              });
    }
    if (d instanceof PoolEvent) {
      return post(e, Messages.agents(e), d instanceof PoolHeld, "agent pool actions");
    }
    return Future.succeededFuture();
  }

  /** {@code pacer.control}: pauses, resumes and expiries. */
  public Future<Void> onControl(PacerEvent e) {
    if (!(typed(e) instanceof PauseEvent p)
        || dev.pacer.common.control.Pause.approvalScope(p.scope())) {
      // an approval's records in the store: its own message says them (pacer.deploy.approval)
      return Future.succeededFuture();
    }
    return post(e, Messages.control(e), false, "pauses");
  }

  /**
   * The event's record; an event whose data its type does not carry is said once and passed by
   * (handing it back would redeliver it forever).
   */
  private static EventData typed(PacerEvent e) {
    try {
      return EventTypes.read(e);
    } catch (EventTypes.InvalidEventData ex) {
      LOG.error("{} {} not sent to Slack: {}", LogKeys.of(e), e.type(), ex.getMessage());
      return new UnknownEvent(e.type(), Map.of());
    }
  }

  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>(delivery.status());
    s.put("deploys-tracked", planner.tracked());
    s.put("scale-events-coalesced", scale.coalesced());
    s.put("scale-events-waiting", scale.waiting());
    return s;
  }

  // ---- deploys ----

  /** Asks the planner, with the app's channel and (for a failed deployment) its last failure. */
  private Future<Void> deploy(PacerEvent e) {
    Future<String> failure =
        MessagePlanner.wantsTaskFailure(e)
            ? details.lastTaskFailure(e.subject())
            : Future.succeededFuture("");
    return failure.compose(
        f ->
            route(e, e.subject())
                .map(
                    ch -> {
                      send(planner.deploy(e, ch, f, delivery.sink().updatesInPlace()));
                      return null;
                    }));
  }

  /** Sends what the planner chose, and fetches the diff it asked for into the thread. */
  private void send(MessagePlanner.Plan plan) {
    plan.sends().forEach(s -> delivery.send(s.channel(), s.op()));
    plan.diff()
        .ifPresent(
            d ->
                details
                    .diff(d.appId(), d.from(), d.to())
                    .onSuccess(
                        m -> delivery.send(d.channel(), Op.reply(d.key(), m, "config diffs"))));
  }

  // ---- helpers ----

  private Future<Void> post(
      PacerEvent e, dev.pacer.slacknotifier.format.SlackMessage m, boolean low, String category) {
    return route(e, e.subject())
        .map(
            ch -> {
              ch.ifPresent(c -> delivery.send(c, Op.post(null, m, low, category)));
              return null;
            });
  }

  private Future<Optional<String>> route(PacerEvent e, String appId) {
    return labels.of(appId).map(l -> routes.channel(e.type(), l));
  }
}

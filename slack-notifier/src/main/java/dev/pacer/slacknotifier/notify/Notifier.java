package dev.pacer.slacknotifier.notify;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.slacknotifier.delivery.Delivery;
import dev.pacer.slacknotifier.delivery.Op;
import dev.pacer.slacknotifier.format.DeployView;
import dev.pacer.slacknotifier.format.Messages;
import dev.pacer.slacknotifier.routing.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  private static final int REMEMBERED = 2_000;

  /** A deployment's message: where it lives and what it shows. */
  private record Tracked(String key, String channel, DeployView view, String pushId) {}

  /** A push's message, updated as its deploys start. */
  private record Push(String key, String channel, PacerEvent event, List<String> apps) {}

  private final MarathonDetails details;
  private final Delivery delivery;
  private final Routes routes;
  private final AppLabels labels;
  private final ScaleCoalescer scale;
  private final Map<String, Tracked> deploys = lru();
  private final Map<String, String> byDeploymentId = lru();
  private final Map<String, Push> pushes = lru();
  private final Map<String, List<String>> earlySteps = lru();
  private PostedOnce labelErrors = PostedOnce.inMemory(REMEMBERED);

  public Notifier(
      Vertx vertx,
      MarathonClient marathon,
      Delivery delivery,
      Routes routes,
      java.time.Clock clock,
      Duration labelTtl,
      Duration coalesceWindow) {
    this(vertx, marathon, delivery, routes, clock, labelTtl, coalesceWindow, null);
  }

  /**
   * {@code stateDir}: where the label errors already posted are kept, so a restart does not post
   * them again (null: in memory only).
   */
  public Notifier(
      Vertx vertx,
      MarathonClient marathon,
      Delivery delivery,
      Routes routes,
      java.time.Clock clock,
      Duration labelTtl,
      Duration coalesceWindow,
      java.nio.file.Path stateDir) {
    if (stateDir != null) {
      this.labelErrors = PostedOnce.at(stateDir.resolve("slack-label-errors.json"), REMEMBERED);
    }
    this.details = new MarathonDetails(marathon);
    this.delivery = delivery;
    this.routes = routes;
    this.labels = new AppLabels(marathon, clock, labelTtl);
    this.scale = new ScaleCoalescer(vertx, delivery, coalesceWindow);
  }

  /** {@code pacer.registry}: an image push. */
  public Future<Void> onRegistry(PacerEvent e) {
    if (!e.type().equals("pacer.registry.push")) {
      return Future.succeededFuture();
    }
    return route(e, "")
        .map(
            ch -> {
              ch.ifPresent(
                  c -> {
                    Push p = new Push("push:" + e.id(), c, e, new ArrayList<>());
                    pushes.put(e.id(), p);
                    delivery.send(
                        c, Op.post(p.key, Messages.imagePushed(e, p.apps), true, "image pushes"));
                  });
              return null;
            });
  }

  /** {@code pacer.marathon}: label changes, and deployment steps for the threads. */
  public Future<Void> onMarathon(PacerEvent e) {
    Map<String, Object> d = e.data();
    switch (e.type()) {
      case "pacer.marathon.api_post_event" -> {
        if (d.get("appDefinition") instanceof Map<?, ?> def
            && def.get("labels") instanceof Map<?, ?> l) {
          Map<String, String> m = new LinkedHashMap<>();
          l.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
          labels.changed(String.valueOf(def.get("id")), m);
        }
      }
      case "pacer.marathon.deployment_step_success", "pacer.marathon.deployment_step_failure" -> {
        if (d.get("plan") instanceof Map<?, ?> plan && plan.get("id") instanceof String id) {
          step(id, MarathonDetails.stepLine(e.type().endsWith("success"), d));
        }
      }
      default -> {}
    }
    return Future.succeededFuture();
  }

  /** {@code pacer.actions}: deploys, scale actions, agent pool actions, label errors. */
  public Future<Void> onAction(PacerEvent e) {
    String t = e.type();
    if (t.startsWith("pacer.deploy.")) {
      return deploy(e);
    }
    if (t.endsWith(".held") && Boolean.TRUE.equals(e.data().get("after-start"))) {
      // a hold the first cycle after a (re)start found: said before the restart, not news
      return Future.succeededFuture();
    }
    if (t.endsWith(".label_invalid")) {
      // once per label text (its digest), across restarts: not the reason, which may name a time
      Object version = e.data().getOrDefault("label-sha256", e.data().get("reason"));
      if (!labelErrors.first(t + " " + e.subject() + " " + version)) {
        return Future.succeededFuture();
      }
      return post(e, Messages.labelInvalid(e), false, "label errors");
    }
    if (t.startsWith("pacer.scale.")) {
      return route(e, e.subject())
          .map(
              ch -> {
                ch.ifPresent(c -> scale.add(c, e));
                return null;
              });
    }
    if (t.startsWith("pacer.agents.")) {
      return post(e, Messages.agents(e), t.endsWith(".held"), "agent pool actions");
    }
    return Future.succeededFuture();
  }

  /** {@code pacer.control}: pauses, resumes and expiries. */
  public Future<Void> onControl(PacerEvent e) {
    if (!e.type().startsWith("pacer.control.")) {
      return Future.succeededFuture();
    }
    return post(e, Messages.control(e), false, "pauses");
  }

  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>(delivery.status());
    s.put("deploys-tracked", deploys.size());
    s.put("scale-events-coalesced", scale.coalesced());
    s.put("scale-events-waiting", scale.waiting());
    return s;
  }

  // ---- deploys ----

  private Future<Void> deploy(PacerEvent e) {
    Map<String, Object> d = e.data();
    String app = e.subject();
    String kind = e.type().substring("pacer.deploy.".length());
    Tracked cur = deploys.get(app);
    switch (kind) {
      case "started" -> {
        return route(e, app)
            .map(
                ch -> {
                  ch.ifPresent(c -> started(e, c));
                  return null;
                });
      }
      case "succeeded" -> {
        if (cur != null && cur.view.deploymentId().equals(str(d, "deployment-id"))) {
          DeployView v = cur.view.succeeded(e.time());
          show(cur, v, "succeeded" + took(v));
          return Future.succeededFuture();
        }
        return post(
            e,
            Messages.deploy(
                DeployView.started(
                        app,
                        str(d, "image"),
                        str(d, "previous-image"),
                        str(d, "deployment-id"),
                        "",
                        null,
                        false)
                    .succeeded(e.time())),
            false,
            "deploys");
      }
      case "failed" -> {
        boolean ours =
            cur != null
                && !str(d, "deployment-id").isEmpty()
                && cur.view.deploymentId().equals(str(d, "deployment-id"));
        return (str(d, "deployment-id").isEmpty()
                ? Future.succeededFuture("")
                : details.lastTaskFailure(app))
            .compose(
                failure -> {
                  if (ours) {
                    DeployView v = cur.view.failed(e.time(), str(d, "reason"), failure);
                    show(
                        cur,
                        v,
                        "failed"
                            + took(v)
                            + ": "
                            + str(d, "reason")
                            + (failure.isEmpty() ? "" : "; last task failure: " + failure));
                    return Future.succeededFuture();
                  }
                  DeployView v =
                      DeployView.started(
                              app,
                              str(d, "image"),
                              str(d, "previous-image"),
                              str(d, "deployment-id"),
                              trigger(d),
                              null,
                              false)
                          .failed(e.time(), str(d, "reason"), failure);
                  return post(e, Messages.deploy(v), false, "deploys");
                });
      }
      case "rolled_back" -> {
        if (cur != null && cur.view.image().equals(str(d, "previous-image"))) {
          DeployView v =
              cur.view.rolledBack(
                  str(d, "reason") + " (deployment " + str(d, "deployment-id") + ")");
          show(cur, v, "rolled back to " + str(d, "image") + ": " + str(d, "reason"));
          return Future.succeededFuture();
        }
        DeployView v =
            DeployView.started(
                    app,
                    str(d, "previous-image"),
                    str(d, "image"),
                    str(d, "deployment-id"),
                    "",
                    null,
                    false)
                .failed(e.time(), "", "")
                .rolledBack(str(d, "reason"));
        return post(e, Messages.deploy(v), false, "deploys");
      }
      default -> {
        return Future.succeededFuture();
      }
    }
  }

  private void started(PacerEvent e, String channel) {
    Map<String, Object> d = e.data();
    String app = e.subject();
    String id = str(d, "deployment-id");
    DeployView v =
        DeployView.started(
            app,
            str(d, "image"),
            str(d, "previous-image"),
            id,
            trigger(d),
            e.time(),
            Boolean.TRUE.equals(d.get("forced")));
    Tracked t =
        new Tracked("deploy:" + app + ":" + id + ":" + e.id(), channel, v, str(d, "push-id"));
    deploys.put(app, t);
    byDeploymentId.put(id, app);
    delivery.send(channel, Op.post(t.key, Messages.deploy(v), false, "deploys"));
    diff(t, str(d, "previous-version"), str(d, "version"));
    List<String> early = earlySteps.remove(id);
    if (early != null) {
      early.forEach(
          line ->
              delivery.send(channel, Op.reply(t.key, Messages.step(app, line), "deploy steps")));
    }
    Push p = pushes.get(t.pushId);
    // A webhook cannot update the push's message; its deploy messages name the image anyway.
    if (p != null && !p.apps.contains(app) && delivery.sink().updatesInPlace()) {
      p.apps.add(app);
      delivery.send(
          p.channel,
          Op.update(p.key, Messages.imagePushed(p.event, List.copyOf(p.apps)), "image pushes"));
    }
  }

  private void show(Tracked t, DeployView v, String stepLine) {
    Tracked now = new Tracked(t.key, t.channel, v, t.pushId);
    deploys.put(v.appId(), now);
    delivery.send(t.channel, Op.update(t.key, Messages.deploy(v), "deploys"));
    delivery.send(t.channel, Op.reply(t.key, Messages.step(v.appId(), stepLine), "deploy steps"));
  }

  private void step(String deploymentId, String line) {
    String app = byDeploymentId.get(deploymentId);
    Tracked t = app == null ? null : deploys.get(app);
    if (t == null || !t.view.deploymentId().equals(deploymentId)) {
      // Marathon's event can outrun the autodeployer's deploy.started: kept for it.
      earlySteps.computeIfAbsent(deploymentId, k -> new ArrayList<>()).add(line);
      return;
    }
    delivery.send(t.channel, Op.reply(t.key, Messages.step(t.view.appId(), line), "deploy steps"));
  }

  private void diff(Tracked t, String from, String to) {
    if (!from.isEmpty() && !to.isEmpty()) {
      details
          .diff(t.view.appId(), from, to)
          .onSuccess(m -> delivery.send(t.channel, Op.reply(t.key, m, "config diffs")));
    }
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

  private static String trigger(Map<String, Object> d) {
    String reason = str(d, "reason");
    String push = str(d, "push-source");
    return reason.isEmpty() ? (push.isEmpty() ? "" : "push (" + push + ")") : reason;
  }

  private static String took(DeployView v) {
    Duration d = v.duration();
    return d == null
        ? ""
        : " in " + (d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s");
  }

  private static String str(Map<String, Object> d, String k) {
    Object v = d.get(k);
    return v == null ? "" : v.toString();
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> e) {
        return size() > REMEMBERED;
      }
    };
  }
}

package dev.pacer.slacknotifier.plan;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.DeployEvent;
import dev.pacer.common.events.types.DeployFailed;
import dev.pacer.common.events.types.DeployStarted;
import dev.pacer.common.events.types.DeploySucceeded;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.slacknotifier.format.DeployView;
import dev.pacer.slacknotifier.format.Messages;
import dev.pacer.slacknotifier.format.SlackMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which Slack messages an event makes, decided without IO: each deployment is one message, posted
 * when it starts and updated as it ends, with its steps in the thread (a step that outruns the
 * deployment's start is kept for it); an image push is one message that lists the apps it deploys
 * as they start. It remembers the last {@value #REMEMBERED} deployments, pushes and early steps.
 * The shell ({@code notify.Notifier}) resolves the channel and the last task failure, sends what
 * this returns and fetches the config diffs it asks for. One context only.
 */
public final class MessagePlanner {
  static final int REMEMBERED = 2_000;

  /** One op for one channel. */
  public record Send(String channel, Op op) {}

  /**
   * Fetch the config diff between two versions of an app, as a reply to the message {@code key}.
   */
  public record Diff(String channel, String key, String appId, String from, String to) {}

  /** What to send, and the diff to fetch, if any. */
  public record Plan(List<Send> sends, Optional<Diff> diff) {
    public Plan {
      sends = List.copyOf(sends);
    }

    static Plan of(List<Send> sends) {
      return new Plan(sends, Optional.empty());
    }

    static final Plan NONE = of(List.of());
  }

  /** A deployment's message: where it lives and what it shows. */
  private record Tracked(String key, String channel, DeployView view, String pushId) {}

  /** A push's message, updated as its deploys start. */
  private record Push(String key, String channel, PacerEvent event, List<String> apps) {}

  private final Map<String, Tracked> deploys = lru();
  private final Map<String, String> byDeploymentId = lru();
  private final Map<String, Push> pushes = lru();
  private final Map<String, List<String>> earlySteps = lru();
  private final Map<String, Boolean> startedKeys = lru();

  /** An image push, in {@code channel}. */
  public Plan pushed(PacerEvent e, String channel) {
    Push p = new Push("push:" + e.id(), channel, e, new ArrayList<>());
    pushes.put(e.id(), p);
    return Plan.of(
        List.of(
            new Send(
                channel, Op.post(p.key, Messages.imagePushed(e, p.apps), true, "image pushes"))));
  }

  /** A step of a deployment, for its message's thread. */
  public Plan step(String deploymentId, String line) {
    String app = byDeploymentId.get(deploymentId);
    Tracked t = app == null ? null : deploys.get(app);
    if (t == null || !t.view.deploymentId().equals(deploymentId)) {
      // Marathon's event can outrun the autodeployer's deploy.started: kept for it.
      earlySteps.computeIfAbsent(deploymentId, k -> new ArrayList<>()).add(line);
      return Plan.NONE;
    }
    return Plan.of(
        List.of(
            new Send(
                t.channel, Op.reply(t.key, Messages.step(t.view.appId(), line), "deploy steps"))));
  }

  /**
   * Whether {@link #deploy} wants the app's last task failure: a failed deployment of Marathon's.
   */
  public static boolean wantsTaskFailure(PacerEvent e) {
    return EventTypes.read(e) instanceof DeployFailed f
        && f.deploymentId() != null
        && !f.deploymentId().isEmpty();
  }

  /**
   * A {@code pacer.deploy.*} event. {@code channel}: where the app's deploys go (empty: nowhere);
   * {@code taskFailure}: Marathon's last task failure of the app, when {@link #wantsTaskFailure};
   * {@code updatesInPlace}: the sink can edit a posted message (a webhook cannot).
   */
  public Plan deploy(
      PacerEvent e, Optional<String> channel, String taskFailure, boolean updatesInPlace) {
    DeployEvent d = EventTypes.read(e, DeployEvent.class);
    String app = e.subject();
    Tracked cur = deploys.get(app);
    String id = text(d.deploymentId());
    if (d instanceof DeployStarted started) {
      return channel.map(c -> started(e, started, c, updatesInPlace)).orElse(Plan.NONE);
    }
    if (d instanceof DeploySucceeded) {
      if (cur != null && cur.view.deploymentId().equals(id)) {
        DeployView v = cur.view.succeeded(e.time());
        return show(cur, v, "succeeded" + took(v));
      }
      return post(
          channel,
          DeployView.started(app, d.image(), text(d.previousImage()), id, "", null, false)
              .succeeded(e.time()));
    }
    if (d instanceof DeployFailed) {
      String reason = text(d.reason());
      if (cur != null && !id.isEmpty() && cur.view.deploymentId().equals(id)) {
        DeployView v = cur.view.failed(e.time(), reason, taskFailure);
        return show(
            cur,
            v,
            "failed"
                + took(v)
                + ": "
                + reason
                + (taskFailure.isEmpty() ? "" : "; last task failure: " + taskFailure));
      }
      return post(
          channel,
          DeployView.started(app, d.image(), text(d.previousImage()), id, trigger(d), null, false)
              .failed(e.time(), reason, taskFailure));
    }
    // rolled back
    String reason = text(d.reason());
    if (cur != null && cur.view.image().equals(text(d.previousImage()))) {
      DeployView v = cur.view.rolledBack(reason + " (deployment " + id + ")");
      return show(cur, v, "rolled back to " + d.image() + ": " + reason);
    }
    return post(
        channel,
        DeployView.started(app, text(d.previousImage()), d.image(), id, "", null, false)
            .failed(e.time(), "", "")
            .rolledBack(reason));
  }

  public int tracked() {
    return deploys.size();
  }

  private Plan started(PacerEvent e, DeployStarted d, String channel, boolean updatesInPlace) {
    String app = e.subject();
    String id = text(d.deploymentId());
    DeployView v =
        DeployView.started(
            app, d.image(), text(d.previousImage()), id, trigger(d), e.time(), d.forced());
    Tracked t =
        new Tracked("deploy:" + app + ":" + id + ":" + e.id(), channel, v, text(d.pushId()));
    if (startedKeys.put(t.key, Boolean.TRUE) != null) {
      return Plan.NONE; // the same event delivered again (at least once): its message is there
    }
    deploys.put(app, t);
    byDeploymentId.put(id, app);
    List<Send> sends = new ArrayList<>();
    sends.add(new Send(channel, Op.post(t.key, Messages.deploy(v), false, "deploys")));
    List<String> early = earlySteps.remove(id);
    if (early != null) {
      early.forEach(
          line ->
              sends.add(
                  new Send(channel, Op.reply(t.key, Messages.step(app, line), "deploy steps"))));
    }
    Push p = pushes.get(t.pushId);
    // A webhook cannot update the push's message; its deploy messages name the image anyway.
    if (p != null && !p.apps.contains(app) && updatesInPlace) {
      p.apps.add(app);
      sends.add(
          new Send(
              p.channel,
              Op.update(
                  p.key, Messages.imagePushed(p.event, List.copyOf(p.apps)), "image pushes")));
    }
    String from = text(d.previousVersion());
    String to = text(d.version());
    return new Plan(
        sends,
        from.isEmpty() || to.isEmpty()
            ? Optional.empty()
            : Optional.of(new Diff(channel, t.key, app, from, to)));
  }

  private Plan show(Tracked t, DeployView v, String stepLine) {
    deploys.put(v.appId(), new Tracked(t.key, t.channel, v, t.pushId));
    return Plan.of(
        List.of(
            new Send(t.channel, Op.update(t.key, Messages.deploy(v), "deploys")),
            new Send(
                t.channel, Op.reply(t.key, Messages.step(v.appId(), stepLine), "deploy steps"))));
  }

  private static Plan post(Optional<String> channel, DeployView v) {
    SlackMessage m = Messages.deploy(v);
    return channel
        .map(c -> Plan.of(List.of(new Send(c, Op.post(null, m, false, "deploys")))))
        .orElse(Plan.NONE);
  }

  private static String trigger(DeployEvent d) {
    String reason = text(d.reason());
    String push = text(d.pushSource());
    return reason.isEmpty() ? (push.isEmpty() ? "" : "push (" + push + ")") : reason;
  }

  private static String took(DeployView v) {
    Duration d = v.duration();
    return d == null
        ? ""
        : " in " + (d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s");
  }

  private static String text(String s) {
    return s == null ? "" : s;
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

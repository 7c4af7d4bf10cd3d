package dev.pacer.slacknotifier.format;

import static dev.pacer.slacknotifier.format.Blocks.code;
import static dev.pacer.slacknotifier.format.Blocks.esc;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.LabelInvalid;
import dev.pacer.common.events.types.PauseEvent;
import dev.pacer.common.events.types.PauseResumed;
import dev.pacer.common.events.types.PauseSet;
import dev.pacer.common.events.types.RegistryPush;
import dev.pacer.common.events.types.ScaleApplied;
import dev.pacer.common.events.types.ScaleDryRun;
import dev.pacer.common.events.types.ScaleEvent;
import dev.pacer.common.events.types.ScaleHeld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every message the slack-notifier sends, rendered from events: pure, and checked against the
 * golden files in {@code src/test/resources/golden}. Text that came from outside (images, reasons,
 * app ids) is escaped for mrkdwn.
 */
public final class Messages {
  private Messages() {}

  /** An image push, with the apps whose deploys it started so far (empty at first). */
  public static SlackMessage imagePushed(PacerEvent push, List<String> deployingTo) {
    RegistryPush d = EventTypes.read(push, RegistryPush.class);
    String ref = d.reference();
    String digest = shortDigest(d.digest());
    String text = "Image pushed: " + ref + (digest.isEmpty() ? "" : " (" + digest + ")");
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(Blocks.section(":package: *Image pushed* " + code(ref)));
    if (!deployingTo.isEmpty()) {
      blocks.add(Blocks.section("Deploying to " + codes(deployingTo)));
    }
    blocks.add(
        Blocks.context(
            digest.isEmpty() ? "" : "digest " + code(digest),
            "from " + esc(d.source()),
            "pushed " + esc(d.pushedAt().toString())));
    return SlackMessage.of(text, blocks);
  }

  /** The one message of a deployment, as it stands. */
  public static SlackMessage deploy(DeployView v) {
    String app = code(v.appId());
    String image = code(v.image());
    String head =
        switch (v.state()) {
          case STARTED -> ":rocket: *Deploying* " + app + " → " + image;
          case SUCCEEDED -> ":white_check_mark: *Deployed* " + app + " → " + image + took(v);
          case FAILED -> ":x: *Deploy failed* " + app + " → " + image + took(v);
          case ROLLED_BACK ->
              ":leftwards_arrow_with_hook: *Rolled back* "
                  + app
                  + " to "
                  + code(v.previousImage())
                  + " after the failed deploy of "
                  + image;
        };
    String text =
        switch (v.state()) {
          case STARTED -> "Deploying " + v.appId() + " → " + v.image();
          case SUCCEEDED -> "Deployed " + v.appId() + " → " + v.image() + took(v);
          case FAILED -> "Deploy failed: " + v.appId() + " → " + v.image() + ": " + v.reason();
          case ROLLED_BACK -> "Rolled back " + v.appId() + " to " + v.previousImage();
        };
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(Blocks.section(head));
    if (v.state() == DeployView.State.FAILED || v.state() == DeployView.State.ROLLED_BACK) {
      if (!v.reason().isEmpty()) {
        blocks.add(Blocks.section("*Why:* " + esc(v.reason())));
      }
      if (!v.lastTaskFailure().isEmpty()) {
        blocks.add(Blocks.section("*Last task failure:* " + esc(v.lastTaskFailure())));
      }
    }
    List<String> fields = new ArrayList<>();
    fields.add("*From*\n" + (v.previousImage().isEmpty() ? "(none)" : code(v.previousImage())));
    fields.add("*To*\n" + image);
    if (!v.trigger().isEmpty()) {
      fields.add("*Trigger*\n" + esc(v.trigger()));
    }
    if (!v.rollback().isEmpty()) {
      fields.add("*Rollback*\n" + esc(v.rollback()));
    }
    blocks.add(Blocks.fields(fields));
    blocks.add(
        Blocks.context(
            v.deploymentId().isEmpty() ? "" : "deployment " + code(v.deploymentId()),
            v.startedAt() == null ? "" : "started " + v.startedAt(),
            v.forced() ? ":warning: forced past a running deployment" : ""));
    return SlackMessage.of(text, blocks);
  }

  /** A step in a deployment's thread: a short line, such as "succeeded in 12 s". */
  public static SlackMessage step(String appId, String line) {
    return SlackMessage.of(appId + ": " + line, List.of(Blocks.section(esc(line))));
  }

  /** {@code pacer.scale.applied} or {@code pacer.scale.dry_run}. */
  public static SlackMessage scaled(PacerEvent e) {
    ScaleEvent d = EventTypes.read(e, ScaleEvent.class);
    int from = d.instances();
    int to = to(d);
    boolean dry = d instanceof ScaleDryRun;
    String verb = dry ? "Would scale" : to > from ? "Scaled up" : "Scaled down";
    String icon = dry ? ":test_tube:" : to > from ? ":arrow_up:" : ":arrow_down:";
    String text = verb + " " + e.subject() + " " + from + " → " + to;
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(
        Blocks.section(icon + " *" + verb + "* " + code(e.subject()) + " " + from + " → " + to));
    blocks.add(Blocks.section(metricLine(d)));
    blocks.add(
        Blocks.context(
            "decided by " + esc(e.source()),
            d instanceof ScaleDryRun r ? "dry run: " + esc(r.dryRun()) : "",
            d instanceof ScaleApplied a && a.deploymentId() != null && !a.deploymentId().isEmpty()
                ? "deployment " + code(a.deploymentId())
                : ""));
    return SlackMessage.of(text, blocks);
  }

  /** Several scale actions of one channel, coalesced into one message. */
  public static SlackMessage scaleSummary(List<PacerEvent> actions, Duration window) {
    String text = actions.size() + " scale events in " + human(window);
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(Blocks.section(":arrows_counterclockwise: *" + esc(text) + "*"));
    StringBuilder chunk = new StringBuilder();
    for (PacerEvent e : actions) {
      ScaleEvent d = EventTypes.read(e, ScaleEvent.class);
      String line =
          d instanceof ScaleHeld h
              ? "• "
                  + code(e.subject())
                  + " held at "
                  + d.instances()
                  + " ("
                  + esc(h.hold())
                  + "): "
                  + esc(d.reason())
                  + "\n"
              : "• "
                  + code(e.subject())
                  + " "
                  + d.instances()
                  + " → "
                  + to(d)
                  + (d instanceof ScaleDryRun ? " (dry run)" : "")
                  + valueVsBand(d)
                  + "\n";
      if (chunk.length() + line.length() > Blocks.SECTION_TEXT) {
        blocks.add(Blocks.section(chunk.toString()));
        chunk.setLength(0);
      }
      chunk.append(line);
    }
    if (chunk.length() > 0) {
      blocks.add(Blocks.section(chunk.toString()));
    }
    return SlackMessage.of(text, blocks);
  }

  /** {@code pacer.scale.held}: an app that would move but does not, and why. */
  public static SlackMessage held(PacerEvent e) {
    ScaleHeld d = EventTypes.read(e, ScaleHeld.class);
    String kind = d.hold();
    String text = "Scaling held for " + e.subject() + " (" + kind + "): " + d.reason();
    return SlackMessage.of(
        text,
        List.of(
            Blocks.section(
                ":pause_button: *Scaling held* "
                    + code(e.subject())
                    + " at "
                    + d.instances()
                    + " ("
                    + esc(kind)
                    + ")"),
            Blocks.section(esc(d.reason())),
            Blocks.context("decided by " + esc(e.source()))));
  }

  /** A quarantine set (an image rolled back from an app) or lifted. */
  private static SlackMessage quarantine(PauseEvent d) {
    dev.pacer.common.control.Pause p = dev.pacer.common.control.Pause.of(d);
    String app = p.quarantinedApp();
    String digest = p.quarantinedDigest();
    if (d instanceof PauseSet) {
      return SlackMessage.of(
          "Quarantined " + digest + " for " + app + ": " + d.reason(),
          List.of(
              Blocks.section(
                  ":no_entry: *Quarantined* "
                      + code(digest)
                      + " for "
                      + code(app)
                      + ": never deployed to it again automatically, under any tag"),
              Blocks.section(esc(d.reason())),
              Blocks.context(
                  "lift it with pacer quarantine lift --app "
                      + esc(app)
                      + " --digest "
                      + esc(digest))));
    }
    String by = d instanceof PauseResumed r ? r.resumedBy() : "";
    return SlackMessage.of(
        "Lifted the quarantine of "
            + digest
            + " for "
            + app
            + (by.isEmpty() ? "" : " (" + by + ")"),
        List.of(
            Blocks.section(
                ":white_check_mark: *Quarantine lifted* "
                    + code(digest)
                    + " for "
                    + code(app)
                    + (by.isEmpty() ? "" : " by " + esc(by)))));
  }

  /** {@code pacer.deploy.dry_run}: what a push would have deployed (the label's dryRun). */
  public static SlackMessage deployDryRun(PacerEvent e) {
    dev.pacer.common.events.types.DeployDryRun d =
        EventTypes.read(e, dev.pacer.common.events.types.DeployDryRun.class);
    String text =
        "Dry run: would deploy " + d.image() + " to " + e.subject() + " (" + d.reason() + ")";
    return SlackMessage.of(
        text,
        List.of(
            Blocks.section(
                ":test_tube: *Dry run* would deploy "
                    + code(d.image())
                    + " to "
                    + code(e.subject())
                    + " (now "
                    + code(String.valueOf(d.previousImage()))
                    + ")"),
            Blocks.section(esc(d.reason())),
            Blocks.context("the autodeploy label says dryRun = true; nothing was changed")));
  }

  /** {@code pacer.deploy.held}: a push that waits for a deploy freeze. */
  public static SlackMessage deployHeld(PacerEvent e) {
    dev.pacer.common.events.types.DeployHeld d =
        EventTypes.read(e, dev.pacer.common.events.types.DeployHeld.class);
    String text = "Deploy of " + d.image() + " to " + e.subject() + " held: " + d.freeze();
    return SlackMessage.of(
        text,
        List.of(
            Blocks.section(
                ":snowflake: *Deploy held* "
                    + code(d.image())
                    + " to "
                    + code(e.subject())
                    + ": it goes when the freeze ends"),
            Blocks.section(esc(d.freeze())),
            Blocks.context("decided by " + esc(e.source()))));
  }

  /** {@code pacer.control.paused}, {@code .resumed} and {@code .expired}. */
  public static SlackMessage control(PacerEvent e) {
    PauseEvent d = EventTypes.read(e, PauseEvent.class);
    String scope = d.scope();
    if (scope.startsWith(dev.pacer.common.control.Pause.QUARANTINE_PREFIX)) {
      return quarantine(d);
    }
    String what =
        "global".equals(scope)
            ? "all scaling"
            : dev.pacer.common.control.Pause.DEPLOYS_GLOBAL.equals(scope)
                ? "deploys of all apps"
                : scope.startsWith(dev.pacer.common.control.Pause.DEPLOYS_PREFIX)
                    ? "deploys of "
                        + scope.substring(dev.pacer.common.control.Pause.DEPLOYS_PREFIX.length())
                    : "scaling of " + scope;
    String text;
    String line;
    if (d instanceof PauseSet) {
      text =
          "Paused "
              + what
              + " until "
              + d.until().toString()
              + " by "
              + d.who()
              + (d.reason().isEmpty() ? "" : ": " + d.reason());
      line =
          ":double_vertical_bar: *Paused* "
              + esc(what)
              + " until "
              + esc(d.until().toString())
              + " by "
              + esc(d.who())
              + ": "
              + esc(d.reason());
    } else if (d instanceof PauseResumed r) {
      text =
          "Resumed "
              + what
              + " by "
              + r.resumedBy()
              + (r.resumeReason().isEmpty() ? "" : ": " + r.resumeReason());
      line =
          ":arrow_forward: *Resumed* "
              + esc(what)
              + " by "
              + esc(r.resumedBy())
              + ": "
              + esc(r.resumeReason())
              + " (paused by "
              + esc(d.who())
              + ": "
              + esc(d.reason())
              + ")";
    } else {
      text =
          "Pause of "
              + what
              + " expired"
              + (d.reason().isEmpty() ? "" : " (it was: " + d.reason() + ")");
      line =
          ":alarm_clock: *Pause expired*: "
              + esc(what)
              + " acts again (paused by "
              + esc(d.who())
              + " at "
              + esc(d.at().toString())
              + ": "
              + esc(d.reason())
              + ")";
    }
    return SlackMessage.of(text, List.of(Blocks.section(line)));
  }

  /** {@code pacer.autodeploy.label_invalid}, {@code pacer.autoscale.label_invalid}. */
  public static SlackMessage labelInvalid(PacerEvent e) {
    LabelInvalid d = EventTypes.read(e, LabelInvalid.class);
    String label = d.label();
    String reason = d.reason();
    String text = "The " + label + " label of " + e.subject() + " is ignored: " + reason;
    return SlackMessage.of(
        text,
        List.of(
            Blocks.section(
                ":warning: *Label ignored* "
                    + code(e.subject())
                    + ": its "
                    + code(label)
                    + " label does not parse, so Pacer leaves the app alone"),
            Blocks.section(esc(reason))));
  }

  /** {@code pacer.agents.*}: the agent pool's actions, field by field. */
  public static SlackMessage agents(PacerEvent e) {
    String kind = e.type().substring("pacer.agents.".length()).replace('_', ' ');
    String text = "Agent pool " + e.subject() + ": " + kind;
    List<String> fields = new ArrayList<>();
    // the decision's inputs are the journal's (pacer explain --pool): a field holds 2,000 chars
    e.data().entrySet().stream()
        .filter(f -> !f.getKey().equals("inputs"))
        .forEach(
            f -> fields.add("*" + esc(f.getKey()) + "*\n" + esc(String.valueOf(f.getValue()))));
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(Blocks.section(":computer: *Agent pool* " + code(e.subject()) + ": " + esc(kind)));
    if (!fields.isEmpty()) {
      blocks.add(Blocks.fields(fields));
    }
    return SlackMessage.of(text, blocks);
  }

  /** Said before the next message of a channel whose queue had to drop some. */
  public static SlackMessage dropped(int count, Map<String, Integer> byKind) {
    StringBuilder kinds = new StringBuilder();
    new java.util.TreeMap<>(byKind)
        .forEach(
            (k, n) ->
                kinds.append(kinds.length() == 0 ? "" : ", ").append(n).append(" ").append(k));
    String text = count + " message" + (count == 1 ? " was" : "s were") + " dropped here";
    return SlackMessage.of(
        text + ": " + kinds,
        List.of(
            Blocks.section(
                ":warning: *"
                    + text
                    + "* (Slack could not keep up and the queue was full): "
                    + esc(kinds.toString())
                    + ". Their events are still on the backbone and in each daemon's /status.")));
  }

  // ---- helpers ----

  static String shortDigest(String digest) {
    if (digest.isEmpty()) {
      return "";
    }
    int colon = digest.indexOf(':');
    String algo = colon < 0 ? "" : digest.substring(0, colon + 1);
    String hex = colon < 0 ? digest : digest.substring(colon + 1);
    return algo + hex.substring(0, Math.min(12, hex.length()));
  }

  private static String metricLine(ScaleEvent d) {
    if (d.value() == null) {
      return esc(d.reason());
    }
    return "*"
        + esc(String.valueOf(d.target()))
        + "* = "
        + fmt(d.value())
        + bandText(d)
        + (d.reason().isEmpty() ? "" : "\n" + esc(d.reason()));
  }

  private static String valueVsBand(ScaleEvent d) {
    return d.value() != null ? ": " + fmt(d.value()) + bandText(d) : "";
  }

  private static String bandText(ScaleEvent d) {
    if (d.down() == null || d.up() == null) {
      return "";
    }
    double v = d.value();
    double down = d.down();
    double up = d.up();
    String where = v > up ? "above " + fmt(up) : v < down ? "below " + fmt(down) : "in band";
    return " (" + where + "; band " + fmt(down) + "–" + fmt(up) + ")";
  }

  /** The instances a scale action went (or would go) to; a hold stays. */
  private static int to(ScaleEvent d) {
    if (d instanceof ScaleApplied a) {
      return a.to();
    }
    return d instanceof ScaleDryRun r ? r.to() : d.instances();
  }

  private static String took(DeployView v) {
    Duration d = v.duration();
    return d == null ? "" : " in " + human(d);
  }

  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 1) {
      return d.toMillis() + " ms";
    }
    if (s < 120) {
      return s + " s";
    }
    return s / 60 + " min " + (s % 60) + " s";
  }

  private static String codes(List<String> items) {
    List<String> out = new ArrayList<>();
    for (String s : items) {
      out.add(code(s));
    }
    return String.join(", ", out);
  }

  private static String fmt(Object n) {
    if (!(n instanceof Number num)) {
      return String.valueOf(n);
    }
    double v = num.doubleValue();
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
  }
}

package dev.pacer.common.journal;

import static dev.pacer.common.journal.JournalData.list;
import static dev.pacer.common.journal.JournalData.map;
import static dev.pacer.common.journal.JournalData.num;
import static dev.pacer.common.journal.JournalData.pct;
import static dev.pacer.common.journal.JournalData.str;

import java.util.List;
import java.util.Map;

/**
 * One journal entry in a line of words: the decision and its inputs (the timeline of {@code pacer
 * explain} and of the status page). Pure.
 */
public final class JournalLines {
  private JournalLines() {}

  public static String of(JournalEntry e) {
    Map<String, Object> d = e.data();
    String reason = str(d.get("reason"));
    return switch (e.type()) {
      case "pacer.scale.applied" ->
          "scaled " + d.get("instances") + " → " + d.get("to") + ": " + reason + metric(d);
      case "pacer.scale.dry_run" ->
          "would scale "
              + d.get("instances")
              + " → "
              + d.get("to")
              + " (dry run, "
              + str(d.get("why"))
              + "): "
              + reason
              + metric(d);
      case "pacer.scale.held" ->
          "held at "
              + d.get("instances")
              + " ("
              + str(d.get("hold")).replace('_', ' ')
              + "): "
              + reason
              + metric(d);
      case "pacer.deploy.started" ->
          "deploying "
              + d.get("image")
              + (d.get("previous-image") == null ? "" : " (was " + d.get("previous-image") + ")")
              + digest(d)
              + ": "
              + reason;
      case "pacer.deploy.succeeded" -> "deployed " + d.get("image") + digest(d);
      case "pacer.deploy.failed" -> "deploy of " + d.get("image") + " failed: " + reason;
      case "pacer.deploy.rolled_back" ->
          "rolled back to "
              + d.get("image")
              + (d.get("previous-image") == null ? "" : " from " + d.get("previous-image"))
              + (d.get("by") == null ? "" : " by " + d.get("by"))
              + ": "
              + reason;
      case "pacer.deploy.skipped" ->
          "push of "
              + d.get("image")
              + digest(d)
              + " not deployed ("
              + str(d.get("rule"))
              + "): "
              + reason;
      case "pacer.deploy.held" ->
          "push of " + d.get("image") + digest(d) + " held: " + str(d.get("freeze"));
      case "pacer.deploy.dry_run" ->
          "dry run: would deploy " + d.get("image") + digest(d) + ": " + reason;
      case "pacer.deploy.approval" ->
          "approval "
              + d.get("id")
              + " "
              + d.get("state")
              + ": "
              + d.get("image")
              + digest(d)
              + " ("
              + list(d.get("votes")).stream()
                  .filter(v -> v instanceof Map<?, ?> m && "approve".equals(m.get("vote")))
                  .count()
              + " of "
              + d.get("needed")
              + " approvals): "
              + reason;
      case "pacer.autodeploy.label_invalid", "pacer.autoscale.label_invalid" ->
          e.type().substring("pacer.".length(), e.type().indexOf('.', 6))
              + " label invalid: "
              + reason;
      case "pacer.push.matched" -> pushed(d);
      case "pacer.agents.scaled_up" ->
          "desired " + d.get("from") + " → " + d.get("to") + ": " + reason + inputs(d);
      case "pacer.agents.held" ->
          "held (" + str(d.get("hold")).replace('_', ' ') + "): " + reason + inputs(d);
      case "pacer.agents.dry_run" ->
          "would go "
              + d.get("from")
              + " → "
              + d.get("to")
              + " (dry run)"
              + (d.get("victims") == null ? "" : ", draining " + d.get("victims"))
              + ": "
              + reason;
      case "pacer.agents.draining" ->
          "draining "
              + d.get("hostname")
              + " ("
              + d.get("instance-id")
              + ", "
              + d.get("tasks")
              + " task(s), hard cap "
              + d.get("hard-cap")
              + ")"
              + (reason.isEmpty() ? "" : ": " + reason)
              + considered(d);
      case "pacer.agents.terminated" -> "terminated " + d.get("instance-id") + ": " + reason;
      case "pacer.control.paused" ->
          "paused "
              + d.get("scope")
              + " until "
              + d.get("until")
              + " by "
              + str(d.get("who"))
              + (reason.isEmpty() ? "" : ": " + reason);
      case "pacer.control.resumed" ->
          "resumed "
              + d.get("scope")
              + " by "
              + str(d.get("resumed-by"))
              + (str(d.get("resume-reason")).isEmpty() ? "" : ": " + d.get("resume-reason"));
      case "pacer.control.expired" -> "pause of " + d.get("scope") + " ended";
      case "pacer.collector.degraded" ->
          "collector degraded: " + list(d.get("missing")).size() + " agent(s) not read";
      default -> e.type() + (reason.isEmpty() ? "" : ": " + reason);
    };
  }

  private static String metric(Map<String, Object> d) {
    if (d.get("target") == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(" [");
    s.append(d.get("value") == null ? "no value" : num(d.get("value")));
    s.append(" in band ").append(num(d.get("down"))).append('–').append(num(d.get("up")));
    s.append(", bounds ").append(d.get("min")).append('–').append(d.get("max"));
    if (d.get("up-cooldown-until") != null) {
      s.append(", up-cooldown until ").append(d.get("up-cooldown-until"));
    }
    if (d.get("down-cooldown-until") != null) {
      s.append(", down-cooldown until ").append(d.get("down-cooldown-until"));
    }
    if (d.get("paused") != null) {
      s.append(", paused: ").append(d.get("paused"));
    }
    return s.append(']').toString();
  }

  private static String digest(Map<String, Object> d) {
    String digest = str(d.get("digest"));
    return digest.length() > 19 ? " (" + digest.substring(0, 19) + "…)" : "";
  }

  private static String pushed(Map<String, Object> d) {
    List<Object> matched = list(d.get("matched"));
    StringBuilder s = new StringBuilder("pushed").append(digest(d));
    if (!matched.isEmpty()) {
      return s.append(": matched ")
          .append(String.join(", ", matched.stream().map(String::valueOf).toList()))
          .toString();
    }
    s.append(": matched no app");
    List<Object> nearest = list(d.get("nearest"));
    if (!nearest.isEmpty()) {
      s.append("; nearest ").append(Explain.nearMiss(map(nearest.get(0))));
    }
    return s.toString();
  }

  private static String inputs(Map<String, Object> d) {
    Map<String, Object> in = map(d.get("inputs"));
    if (in.isEmpty()) {
      return "";
    }
    return " [free cpus "
        + pct(in.get("free-cpus"))
        + ", mem "
        + pct(in.get("free-mem"))
        + ", disk "
        + pct(in.get("free-disk"))
        + ", target "
        + pct(in.get("target-free"))
        + "; demand "
        + num(in.get("demand-cpus"))
        + " cpus, "
        + num(in.get("demand-mem"))
        + " MB; "
        + in.get("serving")
        + " of "
        + in.get("members")
        + " serving, "
        + in.get("missing")
        + " missing"
        + considered(d)
        + "]";
  }

  private static String considered(Map<String, Object> d) {
    List<Object> c = list(map(d.get("inputs")).get("considered"));
    if (c.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder("; considered: ");
    for (int i = 0; i < c.size(); i++) {
      Map<String, Object> x = map(c.get(i));
      s.append(i == 0 ? "" : ", ")
          .append(x.get("instance-id"))
          .append(Boolean.TRUE.equals(x.get("chosen")) ? " chosen (" : " kept (")
          .append(x.get("why"))
          .append(')');
    }
    return s.toString();
  }
}

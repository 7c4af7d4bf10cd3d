package dev.pacer.common.journal;

import static dev.pacer.common.journal.JournalData.instant;
import static dev.pacer.common.journal.JournalData.list;
import static dev.pacer.common.journal.JournalData.map;
import static dev.pacer.common.journal.JournalData.num;
import static dev.pacer.common.journal.JournalData.pct;
import static dev.pacer.common.journal.JournalData.str;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A subject's decisions said in sentences: its present state and why, from its timeline (newest
 * first) and, when the process has it, its present state ({@code state}: for an app the parts
 * {@code autoscale} and {@code pause}; for a pool, the agent-scaler's view). {@code pacer explain}
 * prints it, and the status page shows each entry's {@link #line}. Pure.
 */
public final class Explain {
  private final ZoneId zone;
  private final DateTimeFormatter time;

  public Explain(ZoneId zone) {
    this.zone = zone;
    this.time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
  }

  public ZoneId zone() {
    return zone;
  }

  /** What an app's timeline and state say, in sentences. */
  public List<String> app(String id, List<JournalEntry> timeline, Map<String, Object> state) {
    List<String> out = new ArrayList<>();
    Map<String, Object> scale = map(state.get("autoscale"));
    Optional<JournalEntry> applied = first(timeline, "pacer.scale.applied");
    Optional<JournalEntry> lastScale = firstPrefix(timeline, "pacer.scale.");
    StringBuilder s = new StringBuilder();
    // the last cycle's view: its count before the decision, and the count it scaled to
    Object instances =
        "scaled".equals(scale.get("decision")) && scale.get("to") != null
            ? scale.get("to")
            : scale.get("instances");
    if (instances == null && applied.isPresent()) {
      instances = applied.get().data().get("to");
    }
    if (instances != null) {
      s.append(id).append(" is at ").append(instances).append(" instances");
      if (scale.get("min") != null) {
        s.append(" (bounds ").append(scale.get("min")).append('–').append(scale.get("max"));
        s.append(')');
      }
      if (applied.isPresent()) {
        Map<String, Object> d = applied.get().data();
        s.append(", set at ")
            .append(at(applied.get()))
            .append(" from ")
            .append(d.get("instances"))
            .append(" because ")
            .append(withBand(d));
      }
      out.add(s.append('.').toString());
    }
    String hold = str(scale.get("hold"));
    String reason = str(scale.get("reason"));
    Map<String, Object> held = scale;
    if (hold.isEmpty()
        && lastScale.isPresent()
        && "pacer.scale.held".equals(lastScale.get().type())) {
      held = lastScale.get().data();
      hold = str(held.get("hold"));
      reason = str(held.get("reason"));
    }
    if (!hold.isEmpty() && !hold.equals("paused")) { // a pause is said next
      out.add(holdSentence(hold, reason, held));
    }
    String paused = str(map(state.get("pause")).get("describe"));
    if (paused.isEmpty()) {
      paused = str(scale.get("paused"));
    }
    if (!scale.isEmpty() || !map(state.get("pause")).isEmpty() || lastScale.isPresent()) {
      out.add(
          paused.isEmpty()
              ? "Not paused."
              : paused.startsWith("paused") ? "It is " + paused + "." : "Paused: " + paused + ".");
    }
    deploys(out, timeline);
    if (out.isEmpty()) {
      out.add(
          id
              + ": nothing decided yet (no entry in the journal, and no daemon of this process"
              + " has it).");
    }
    return out;
  }

  private String holdSentence(String hold, String reason, Map<String, Object> d) {
    switch (hold) {
      case "cooldown" -> {
        String because = reason.contains(";") ? reason.substring(0, reason.indexOf(';')) : reason;
        boolean up = reason.contains("scaling up");
        Instant until =
            instant(d.get(up ? "up-cooldown-until" : "down-cooldown-until"))
                .orElse(instant(untilIn(reason)).orElse(null));
        return "It would scale "
            + (up ? "up" : "down")
            + " now ("
            + because
            + ") but its "
            + (up ? "up" : "down")
            + "-cooldown lasts until "
            + (until == null ? "?" : time.format(until))
            + ".";
      }
      case "no_data" -> {
        return "It holds on missing data: " + reason + "; Pacer never scales in without data.";
      }
      case "stabilizing" -> {
        return "It holds for its stabilization window: " + reason + ".";
      }
      case "in_band" -> {
        return "It holds: " + reason + " (its band).";
      }
      default -> {
        return "It holds (" + hold.replace('_', ' ') + "): " + reason + ".";
      }
    }
  }

  private static String untilIn(String reason) {
    int i = reason.lastIndexOf("until ");
    return i < 0 ? "" : reason.substring(i + "until ".length()).strip();
  }

  private void deploys(List<String> out, List<JournalEntry> timeline) {
    Optional<JournalEntry> last = firstPrefix(timeline, "pacer.deploy.");
    if (last.isEmpty()) {
      return;
    }
    JournalEntry e = last.get();
    if (e.type().equals("pacer.deploy.skipped")) {
      out.add(skipSentence(e));
      Optional<JournalEntry> before =
          timeline.stream()
              .filter(x -> x.type().startsWith("pacer.deploy.") && !x.type().endsWith(".skipped"))
              .findFirst();
      before.ifPresent(b -> out.add(deploySentence(b)));
    } else {
      out.add(deploySentence(e));
    }
  }

  private String deploySentence(JournalEntry e) {
    Map<String, Object> d = e.data();
    String image = str(d.get("image"));
    return switch (e.type()) {
      case "pacer.deploy.started" ->
          "It is deploying " + image + " since " + at(e) + ": " + str(d.get("reason")) + ".";
      case "pacer.deploy.succeeded" -> "It runs " + image + ", deployed at " + at(e) + ".";
      case "pacer.deploy.failed" ->
          "The deploy of " + image + " failed at " + at(e) + ": " + str(d.get("reason")) + ".";
      case "pacer.deploy.rolled_back" ->
          "It was rolled back at "
              + at(e)
              + " to "
              + image
              + (d.get("previous-image") == null ? "" : " from " + d.get("previous-image"))
              + (d.get("by") == null ? "" : " by " + d.get("by"))
              + ": "
              + str(d.get("reason"))
              + "."
              + (d.get("quarantined") == null
                  ? ""
                  : " "
                      + d.get("quarantined")
                      + " is quarantined for it: never deployed to it again automatically until"
                      + " lifted (pacer quarantine lift).");
      case "pacer.deploy.held" ->
          "The push of "
              + image
              + " at "
              + at(e)
              + " waits for a deploy freeze ("
              + str(d.get("freeze"))
              + "); it deploys when the freeze ends.";
      case "pacer.deploy.dry_run" ->
          "A dry run: it would have deployed "
              + image
              + " at "
              + at(e)
              + " ("
              + str(d.get("reason"))
              + "); its autodeploy label says dryRun = true.";
      case "pacer.deploy.approval" ->
          "Approval "
              + d.get("id")
              + " of "
              + image
              + " at "
              + at(e)
              + switch (str(d.get("state"))) {
                case "pending" -> " waits for " + d.get("needed") + " approving vote(s)";
                case "approved" -> ": the votes are in, it deploys";
                case "rejected" -> " was rejected, so it is not deployed";
                case "expired" -> " passed its deadline, so it is not deployed";
                case "superseded" -> " was superseded by " + d.get("superseded-by");
                default -> ": " + d.get("state");
              }
              + " ("
              + str(d.get("reason"))
              + ").";
      default -> e.type() + " at " + at(e) + ".";
    };
  }

  private String skipSentence(JournalEntry e) {
    Map<String, Object> d = e.data();
    return "The push of "
        + str(d.get("image"))
        + " at "
        + at(e)
        + " was not deployed: "
        + rule(str(d.get("rule")))
        + " ("
        + str(d.get("reason"))
        + ").";
  }

  /** A skip's rule, in words. */
  static String rule(String rule) {
    return switch (rule) {
      case "older" -> "it is older than what the app runs (never a downgrade)";
      case "already-running" -> "the app already runs it";
      case "rolled-back" -> "its digest was rolled back from this app";
      case "moved" -> "a later push moved the tag";
      case "manifest-missing" -> "its manifest was not in the registry";
      case "no-match" -> "the app's pattern does not match it";
      case "policy" -> "the label's tag policy does not take it";
      case "quarantined" -> "its digest is quarantined for this app (it was rolled back)";
      case "awaiting-approval" -> "the same image already waits for its approval";
      default -> rule;
    };
  }

  /** What a pool's timeline and state say, in sentences. */
  public List<String> pool(String name, List<JournalEntry> timeline, Map<String, Object> state) {
    List<String> out = new ArrayList<>();
    Optional<Map<String, Object>> inputs =
        timeline.stream()
            .map(e -> map(e.data().get("inputs")))
            .filter(m -> !m.isEmpty())
            .findFirst();
    StringBuilder s = new StringBuilder("Pool ").append(name);
    if (state.get("desired") != null) {
      s.append(" has ").append(state.get("desired")).append(" agents desired");
    }
    if (inputs.isPresent()) {
      Map<String, Object> in = inputs.get();
      s.append(state.get("desired") != null ? "; " : " ")
          .append("had ")
          .append(in.get("serving"))
          .append(" of ")
          .append(in.get("members"))
          .append(" agents serving, free cpus ")
          .append(pct(in.get("free-cpus")))
          .append(", mem ")
          .append(pct(in.get("free-mem")))
          .append(", disk ")
          .append(pct(in.get("free-disk")))
          .append(" (target ")
          .append(pct(in.get("target-free")))
          .append(')');
    }
    out.add(s.append('.').toString());
    firstPrefix(timeline, "pacer.agents.")
        .filter(e -> e.type().equals("pacer.agents.held"))
        .ifPresent(
            e ->
                out.add(
                    "It holds ("
                        + str(e.data().get("hold")).replace('_', ' ')
                        + ") since "
                        + at(e)
                        + ": "
                        + str(e.data().get("reason"))
                        + "."));
    List<String> terminated =
        timeline.stream()
            .filter(e -> e.type().equals("pacer.agents.terminated"))
            .map(e -> str(e.data().get("instance-id")))
            .toList();
    for (JournalEntry e : timeline) {
      if (e.type().equals("pacer.agents.draining")
          && !terminated.contains(str(e.data().get("instance-id")))) {
        out.add(drainSentence(e));
      }
    }
    return out;
  }

  private String drainSentence(JournalEntry e) {
    Map<String, Object> d = e.data();
    String id = str(d.get("instance-id"));
    String why =
        list(map(d.get("inputs")).get("considered")).stream()
            .map(JournalData::map)
            .filter(c -> id.equals(c.get("instance-id")))
            .map(c -> str(c.get("why")))
            .findFirst()
            .orElse("");
    return "Draining "
        + str(d.get("hostname"))
        + " ("
        + id
        + ", "
        + d.get("tasks")
        + " task(s)) since "
        + at(e)
        + (why.isEmpty() ? "" : ", chosen as " + why)
        + (str(d.get("reason")).isEmpty() ? "" : ": " + d.get("reason"))
        + ".";
  }

  /** What an image's timeline says: the apps it matched and what happened to each. */
  public List<String> image(String ref, List<JournalEntry> timeline) {
    List<String> out = new ArrayList<>();
    Optional<JournalEntry> matched = first(timeline, "pacer.push.matched");
    if (matched.isEmpty()) {
      out.add(ref + ": no push of it is in the journal.");
      return out;
    }
    Map<String, Object> m = matched.get().data();
    List<Object> apps = list(m.get("matched"));
    if (apps.isEmpty()) {
      StringBuilder s =
          new StringBuilder(ref)
              .append(" (pushed at ")
              .append(at(matched.get()))
              .append(") deployed nowhere: no app's autodeploy pattern matches it.");
      List<Object> nearest = list(m.get("nearest"));
      if (!nearest.isEmpty()) {
        s.append(" The nearest is ").append(nearMiss(map(nearest.get(0)))).append('.');
      }
      out.add(s.toString());
      return out;
    }
    for (Object o : apps) {
      String app = String.valueOf(o);
      Optional<JournalEntry> last =
          timeline.stream()
              .filter(e -> e.type().startsWith("pacer.deploy.") && app.equals(e.data().get("app")))
              .findFirst();
      out.add(
          "Matched "
              + app
              + ": "
              + last.map(
                      e ->
                          e.type().equals("pacer.deploy.skipped")
                              ? "not deployed, " + rule(str(e.data().get("rule")))
                              : e.type().substring("pacer.deploy.".length()).replace('_', ' ')
                                  + " at "
                                  + at(e))
                  .orElse("nothing decided yet")
              + ".");
    }
    return out;
  }

  /** A near miss of {@code pacer.push.matched}: the pattern, its app, and where it stopped. */
  static String nearMiss(Map<String, Object> n) {
    return n.get("pattern")
        + " ("
        + n.get("app")
        + "): "
        + stopped(str(n.get("compared")), n.get("at") instanceof Number at ? at.intValue() : 0);
  }

  /** Where an image stopped matching a pattern, in words (1-based, as a person counts). */
  static String stopped(String compared, int at) {
    if (at >= compared.length()) {
      return "'" + compared + "' ends where the pattern wants more";
    }
    return "'"
        + compared
        + "' stops matching at character "
        + (at + 1)
        + " ('"
        + compared.charAt(at)
        + "')";
  }

  /** One entry in a line: when, and what was decided. */
  public String line(JournalEntry e) {
    return at(e) + "  " + JournalLines.of(e);
  }

  private String at(JournalEntry e) {
    return time.format(e.at());
  }

  private static String withBand(Map<String, Object> d) {
    String r = str(d.get("reason"));
    if (d.get("down") == null || r.contains("band")) {
      return r;
    }
    return r + " (band " + num(d.get("down")) + "–" + num(d.get("up")) + ")";
  }

  private static Optional<JournalEntry> first(List<JournalEntry> t, String type) {
    return t.stream().filter(e -> e.type().equals(type)).findFirst();
  }

  private static Optional<JournalEntry> firstPrefix(List<JournalEntry> t, String prefix) {
    return t.stream().filter(e -> e.type().startsWith(prefix)).findFirst();
  }
}

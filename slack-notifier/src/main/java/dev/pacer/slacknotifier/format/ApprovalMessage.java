package dev.pacer.slacknotifier.format;

import static dev.pacer.slacknotifier.format.Blocks.code;
import static dev.pacer.slacknotifier.format.Blocks.esc;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.DeployApproval;
import dev.pacer.common.events.types.EventTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one message of an approval ({@code pacer.deploy.approval}), posted when it is asked for and
 * updated in place as votes come and when it ends: while pending it has the Approve and Reject
 * buttons (action ids {@value #APPROVE} and {@value #REJECT}, the approval's id as their value),
 * which Slack sends to {@code POST /slack/interactions}; once ended it says how, without buttons.
 */
public final class ApprovalMessage {
  public static final String APPROVE = "pacer_approve";
  public static final String REJECT = "pacer_reject";

  private ApprovalMessage() {}

  /** The key its posts and updates share, so every change edits the same message. */
  public static String key(PacerEvent e) {
    return "approval:" + EventTypes.read(e, DeployApproval.class).id();
  }

  public static SlackMessage of(PacerEvent e) {
    DeployApproval a = EventTypes.read(e, DeployApproval.class);
    String app = e.subject();
    String tally =
        a.approvals() + " of " + a.needed() + (a.needed() == 1 ? " approval" : " approvals");
    String head =
        switch (a.state()) {
          case DeployApproval.PENDING -> ":raised_hand: *Approval needed* to deploy ";
          case DeployApproval.APPROVED -> ":white_check_mark: *Approved*: deploying ";
          case DeployApproval.REJECTED -> ":no_entry: *Rejected*: not deploying ";
          case DeployApproval.EXPIRED -> ":hourglass: *Expired*: not deploying ";
          case DeployApproval.SUPERSEDED -> ":fast_forward: *Superseded*: not deploying ";
          default -> "*" + esc(a.state()) + "*: ";
        };
    String text =
        switch (a.state()) {
          case DeployApproval.PENDING ->
              "Approval needed to deploy " + a.image() + " to " + app + " (" + tally + ")";
          case DeployApproval.SUPERSEDED ->
              "Approval of " + a.image() + " to " + app + " superseded by " + a.supersededBy();
          default ->
              "Approval of " + a.image() + " to " + app + ": " + a.state() + " (" + tally + ")";
        };
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(Blocks.section(head + code(a.image()) + " to " + code(app)));
    blocks.add(
        Blocks.fields(
            List.of(
                "*Votes*\n" + tally,
                "*Deadline*\n" + esc(a.deadline().toString()),
                "*Runs now*\n" + code(a.previousImage() == null ? "" : a.previousImage()),
                "*Approval*\n" + code(a.id()))));
    List<String> votes = new ArrayList<>();
    for (DeployApproval.Vote v : a.votes()) {
      votes.add(
          (v.vote().equals("approve") ? ":+1: " : ":-1: ")
              + who(v)
              + (v.reason().isEmpty() ? "" : ": " + esc(v.reason())));
    }
    if (!votes.isEmpty()) {
      blocks.add(Blocks.context(votes.toArray(String[]::new)));
    }
    switch (a.state()) {
      case DeployApproval.PENDING ->
          blocks.add(
              Blocks.buttons(
                  List.of(
                      List.of("Approve", APPROVE, a.id(), "primary"),
                      List.of("Reject", REJECT, a.id(), "danger"))));
      case DeployApproval.SUPERSEDED ->
          blocks.add(
              Blocks.context(
                  "superseded by the newer push "
                      + code(String.valueOf(a.supersededBy()))
                      + ", which asks for its own approval"));
      case DeployApproval.REJECTED, DeployApproval.EXPIRED ->
          blocks.add(
              Blocks.context(
                  esc(a.reason())
                      + "; the image is quarantined for "
                      + code(app)
                      + " (pacer quarantine lift), a newer push asks again"));
      default -> {}
    }
    blocks.add(
        Blocks.context(
            "or from a terminal: "
                + code("pacer approve " + a.id())
                + " / "
                + code("pacer reject " + a.id())));
    return SlackMessage.of(text, blocks);
  }

  /** A Slack user is mentioned (Slack shows their name); anyone else by name. */
  private static String who(DeployApproval.Vote v) {
    if ("slack".equals(v.via()) && v.who().matches("[UW][A-Z0-9]+")) {
      return "<@" + v.who() + ">";
    }
    return esc(v.name().isEmpty() ? v.who() : v.name());
  }
}

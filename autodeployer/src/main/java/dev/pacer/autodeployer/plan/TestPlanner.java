package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.common.marathon.MarathonApp;

/**
 * What a push would do to one app whose pattern it matches, as its lane would decide it: the
 * decision ({@link #decide}, which the lane itself uses), then a freeze, then the label's dry run,
 * then its approvals. {@code pacer autodeploy test} says it without acting. Pure.
 */
public final class TestPlanner {
  private TestPlanner() {}

  /**
   * The verdict: {@code deploys}, {@code skips}, {@code holds}, {@code dry-run} or {@code
   * awaits-approval}, with a rule.
   */
  public record Verdict(String verdict, String rule, String reason) {}

  /**
   * The lane's decision: a quarantined digest first, then one rolled back from the app that the
   * lane remembers, then the planner.
   */
  public static DeployDecision decide(
      ImagePush push,
      MarathonApp app,
      AutodeployPolicy policy,
      boolean rolledBack,
      java.util.Set<String> quarantined) {
    return decide(push, app, policy, rolledBack, quarantined, false);
  }

  /**
   * @param store whether the quarantines come from the process's pause store, which then decides
   *     alone: a digest lifted from it deploys again, whatever the lane remembers and the app's
   *     {@code pacer.rolled-back-digest} label say
   */
  public static DeployDecision decide(
      ImagePush push,
      MarathonApp app,
      AutodeployPolicy policy,
      boolean rolledBack,
      java.util.Set<String> quarantined,
      boolean store) {
    if (!push.digest().isEmpty() && quarantined.contains(push.digest())) {
      return new DeployDecision.Skip(
          "quarantined",
          push.digest()
              + " is quarantined for "
              + app.id()
              + " (it was rolled back): a new image deploys, this one does not until"
              + " pacer quarantine lift --app "
              + app.id()
              + " --digest "
              + push.digest());
    }
    if (store) {
      return DeploymentPlanner.plan(push, app, policy, false);
    }
    return rolledBack
        ? new DeployDecision.Skip(
            "rolled-back",
            push.digest()
                + " was rolled back from this app; a new image deploys, this one does not")
        : DeploymentPlanner.plan(push, app, policy);
  }

  /**
   * @param frozen the freeze that holds the app, described; null when none
   * @param busy what the lane is doing now (a deploy in flight), null when idle
   */
  public static Verdict predict(
      ImagePush push,
      MarathonApp app,
      AutodeployPolicy policy,
      boolean rolledBack,
      java.util.Set<String> quarantined,
      boolean store,
      String frozen,
      String busy) {
    return predict(push, app, policy, rolledBack, quarantined, store, frozen, busy, null);
  }

  /**
   * @param awaiting the approval the app waits for, if any (its label asks for approvals)
   */
  public static Verdict predict(
      ImagePush push,
      MarathonApp app,
      AutodeployPolicy policy,
      boolean rolledBack,
      java.util.Set<String> quarantined,
      boolean store,
      String frozen,
      String busy,
      ApprovalGate.Awaiting awaiting) {
    DeployDecision d = decide(push, app, policy, rolledBack, quarantined, store);
    if (d instanceof DeployDecision.Skip skip) {
      return new Verdict("skips", skip.rule(), skip.reason());
    }
    DeployDecision.Deploy deploy = (DeployDecision.Deploy) d;
    if (frozen != null) {
      return new Verdict("holds", "frozen", frozen + "; then it deploys " + deploy.image());
    }
    if (policy.dryRun()) {
      return new Verdict(
          "dry-run",
          "dry-run",
          "would deploy " + deploy.image() + " (label dryRun): " + d.reason());
    }
    if (policy.needsApproval()) {
      DeployDecision.Skip skip = ApprovalGate.check(push, policy.tags(), awaiting);
      if (skip != null) {
        return new Verdict("skips", skip.rule(), skip.reason());
      }
      return new Verdict(
          "awaits-approval",
          "approval",
          policy.approvals()
              + (policy.approvals() == 1 ? " approval" : " approvals")
              + " needed within "
              + dev.pacer.common.control.PauseRequest.human(policy.approvalDeadline())
              + (awaiting == null ? "" : " (supersedes approval " + awaiting.id() + ")")
              + "; then it deploys "
              + deploy.image());
    }
    return new Verdict(
        "deploys",
        "deploy",
        deploy.image()
            + ": "
            + d.reason()
            + (busy == null ? "" : "; after what it does now: " + busy));
  }
}

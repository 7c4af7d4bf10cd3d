package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.policy.TagPolicy;

/**
 * What a push that would deploy does when the app's label asks for approvals ({@code approvals =
 * N}): it asks for one, superseding the approval the app already waits for, unless that one is for
 * the same image (a redelivery, the backstop finding it again: nothing new to ask) or for a newer
 * one (by the tag policy; for a glob, by push time). A push let through by an approval's votes
 * ({@link ImagePush#approval()}) passes. Pure.
 */
public final class ApprovalGate {
  private ApprovalGate() {}

  /** The approval an app's push waits for: its id and that push. */
  public record Awaiting(String id, ImagePush push) {}

  /** Null: ask for an approval (superseding {@code awaiting}, if any); else why not. */
  public static DeployDecision.Skip check(ImagePush push, TagPolicy tags, Awaiting awaiting) {
    if (awaiting == null) {
      return null;
    }
    ImagePush other = awaiting.push();
    boolean same =
        push.digest().isEmpty() || other.digest().isEmpty()
            ? push.reference().equals(other.reference()) && push.digest().equals(other.digest())
            : push.digest().equals(other.digest());
    if (same) {
      return new DeployDecision.Skip(
          "awaiting-approval",
          push.reference()
              + " already waits for approval "
              + awaiting.id()
              + " (pacer approvals; pacer approve "
              + awaiting.id()
              + ")");
    }
    if (!newer(push, other, tags)) {
      return new DeployDecision.Skip(
          "older",
          push.tag()
              + " is not newer than "
              + other.reference()
              + ", which waits for approval "
              + awaiting.id()
              + (tags.ordersTags() ? " (policy " + tags + ")" : ""));
    }
    return null;
  }

  /** Whether {@code push} is newer than {@code other}: by the policy, else by push time. */
  static boolean newer(ImagePush push, ImagePush other, TagPolicy tags) {
    if (tags.ordersTags() && !push.tag().equals(other.tag())) {
      return tags.compare(push.tag(), other.tag()) > 0;
    }
    return !push.pushedAt().isBefore(other.pushedAt());
  }
}

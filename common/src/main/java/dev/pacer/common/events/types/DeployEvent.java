package dev.pacer.common.events.types;

import java.time.Instant;

/**
 * {@code pacer.deploy.*} on {@code pacer.actions}, keyed by app id: what every deploy event says.
 * The push fields are absent when no push applies (a hand rollback, a roll back of Pacer's own).
 */
public sealed interface DeployEvent extends EventData
    permits DeployStarted,
        DeploySucceeded,
        DeployFailed,
        DeployRolledBack,
        DeploySkipped,
        DeployHeld,
        DeployDryRun,
        DeployApproval {

  /** The fields every deploy event carries (on the wire, at the top level of its data). */
  Facts facts();

  /** The image the app runs (or, once this event's change is made, will run). */
  default String image() {
    return facts().image();
  }

  /** The image it ran before; null when unknown. */
  default String previousImage() {
    return facts().previousImage();
  }

  /** Marathon's deployment id; null when Marathon made none. */
  default String deploymentId() {
    return facts().deploymentId();
  }

  default String pushId() {
    return facts().pushId();
  }

  default String digest() {
    return facts().digest();
  }

  default Instant pushedAt() {
    return facts().pushedAt();
  }

  default String pushSource() {
    return facts().pushSource();
  }

  default String reason() {
    return facts().reason();
  }

  /** The fields every deploy event carries. */
  record Facts(
      String image,
      String previousImage,
      String deploymentId,
      String pushId,
      String digest,
      Instant pushedAt,
      String pushSource,
      String reason) {
    /** An event without an image or a reason (an older or foreign producer's) reads as empty. */
    public Facts {
      image = java.util.Objects.requireNonNullElse(image, "");
      reason = java.util.Objects.requireNonNullElse(reason, "");
    }
  }
}

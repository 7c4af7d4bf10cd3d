package dev.pacer.common.events.types;

import java.time.Instant;

/**
 * {@code pacer.deploy.*} on {@code pacer.actions}, keyed by app id: what every deploy event says.
 * The push fields are absent when no push applies (a hand rollback, a roll back of Pacer's own).
 */
public sealed interface DeployEvent extends EventData
    permits DeployStarted, DeploySucceeded, DeployFailed, DeployRolledBack {

  /** The image the app runs (or, once this event's change is made, will run). */
  String image();

  /** The image it ran before; null when unknown. */
  String previousImage();

  /** Marathon's deployment id; null when Marathon made none. */
  String deploymentId();

  String pushId();

  String digest();

  Instant pushedAt();

  String pushSource();

  String reason();

  /** The fields every deploy event carries, built once by their producers. */
  record Facts(
      String image,
      String previousImage,
      String deploymentId,
      String pushId,
      String digest,
      Instant pushedAt,
      String pushSource,
      String reason) {}
}

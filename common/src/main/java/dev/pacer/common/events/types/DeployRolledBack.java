package dev.pacer.common.events.types;

import java.time.Instant;

/**
 * {@code pacer.deploy.rolled_back}: the app runs {@code image} again, {@code previousImage} being
 * the one that was rolled back. {@code by}: who rolled back by hand ({@code pacer rollback}); null
 * for Pacer's own roll back of a failed deploy.
 */
public record DeployRolledBack(
    String image,
    String previousImage,
    String deploymentId,
    String pushId,
    String digest,
    Instant pushedAt,
    String pushSource,
    String reason,
    String by)
    implements DeployEvent {

  public DeployRolledBack(Facts f, String by) {
    this(
        f.image(),
        f.previousImage(),
        f.deploymentId(),
        f.pushId(),
        f.digest(),
        f.pushedAt(),
        f.pushSource(),
        f.reason(),
        by);
  }

  @Override
  public String type() {
    return EventTypes.DEPLOY_ROLLED_BACK;
  }
}

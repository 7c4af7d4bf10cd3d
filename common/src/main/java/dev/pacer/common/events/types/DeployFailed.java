package dev.pacer.common.events.types;

import java.time.Instant;

/**
 * {@code pacer.deploy.failed}: the deployment failed, or was never made (the reason says which).
 */
public record DeployFailed(
    String image,
    String previousImage,
    String deploymentId,
    String pushId,
    String digest,
    Instant pushedAt,
    String pushSource,
    String reason)
    implements DeployEvent {

  public DeployFailed(Facts f) {
    this(
        f.image(),
        f.previousImage(),
        f.deploymentId(),
        f.pushId(),
        f.digest(),
        f.pushedAt(),
        f.pushSource(),
        f.reason());
  }

  @Override
  public String type() {
    return EventTypes.DEPLOY_FAILED;
  }
}

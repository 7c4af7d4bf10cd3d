package dev.pacer.common.events.types;

import java.time.Instant;

/** {@code pacer.deploy.succeeded}: Marathon finished the deployment. */
public record DeploySucceeded(
    String image,
    String previousImage,
    String deploymentId,
    String pushId,
    String digest,
    Instant pushedAt,
    String pushSource,
    String reason)
    implements DeployEvent {

  public DeploySucceeded(Facts f) {
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
    return EventTypes.DEPLOY_SUCCEEDED;
  }
}

package dev.pacer.common.events.types;

import java.time.Instant;

/**
 * {@code pacer.deploy.started}: Marathon took the new image. {@code forced}: past a running
 * deployment (the lock's force-after). {@code previousVersion} and {@code version}: the app's two
 * versions, for the config diff.
 */
public record DeployStarted(
    String image,
    String previousImage,
    String deploymentId,
    String pushId,
    String digest,
    Instant pushedAt,
    String pushSource,
    String reason,
    boolean forced,
    String previousVersion,
    String version)
    implements DeployEvent {

  public DeployStarted(Facts f, boolean forced, String previousVersion, String version) {
    this(
        f.image(),
        f.previousImage(),
        f.deploymentId(),
        f.pushId(),
        f.digest(),
        f.pushedAt(),
        f.pushSource(),
        f.reason(),
        forced,
        previousVersion,
        version);
  }

  @Override
  public String type() {
    return EventTypes.DEPLOY_STARTED;
  }
}

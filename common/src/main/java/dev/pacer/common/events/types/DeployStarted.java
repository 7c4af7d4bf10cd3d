package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code pacer.deploy.started}: Marathon took the new image. {@code forced}: past a running
 * deployment (the lock's force-after). {@code previousVersion} and {@code version}: the app's two
 * versions, for the config diff.
 */
public record DeployStarted(
    @JsonUnwrapped Facts facts, boolean forced, String previousVersion, String version)
    implements DeployEvent {

  @Override
  public String type() {
    return EventTypes.DEPLOY_STARTED;
  }
}

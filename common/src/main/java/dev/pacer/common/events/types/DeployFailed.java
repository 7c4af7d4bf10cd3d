package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code pacer.deploy.failed}: the deployment failed, or was never made (the reason says which).
 */
public record DeployFailed(@JsonUnwrapped Facts facts) implements DeployEvent {

  @Override
  public String type() {
    return EventTypes.DEPLOY_FAILED;
  }
}

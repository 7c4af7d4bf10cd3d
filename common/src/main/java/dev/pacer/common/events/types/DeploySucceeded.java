package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** {@code pacer.deploy.succeeded}: Marathon finished the deployment. */
public record DeploySucceeded(@JsonUnwrapped Facts facts) implements DeployEvent {

  @Override
  public String type() {
    return EventTypes.DEPLOY_SUCCEEDED;
  }
}

package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code pacer.deploy.held}: a push to the app waits for a deploy freeze ({@code freeze}, the
 * freeze described: who, until when, why). It is the newest waiting push of the app, and deploys
 * when the freeze ends or is lifted; a newer push takes its place.
 */
public record DeployHeld(@JsonUnwrapped Facts facts, String freeze) implements DeployEvent {

  public DeployHeld {
    EventTypes.require(freeze, "freeze");
  }

  @Override
  public String type() {
    return EventTypes.DEPLOY_HELD;
  }
}

package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** {@code pacer.scale.applied}: Marathon took the new instance count {@code to}. */
public record ScaleApplied(@JsonUnwrapped Facts facts, int to, String deploymentId)
    implements ScaleEvent {

  @Override
  public String type() {
    return EventTypes.SCALE_APPLIED;
  }
}

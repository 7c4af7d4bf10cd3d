package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code pacer.deploy.rolled_back}: the app runs {@code image} again, {@code previousImage} being
 * the one that was rolled back. {@code by}: who rolled back by hand ({@code pacer rollback}); null
 * for Pacer's own roll back of a failed deploy.
 */
public record DeployRolledBack(@JsonUnwrapped Facts facts, String by) implements DeployEvent {

  @Override
  public String type() {
    return EventTypes.DEPLOY_ROLLED_BACK;
  }
}

package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code pacer.deploy.rolled_back}: the app runs {@code image} again, {@code previousImage} being
 * the one that was rolled back. {@code by}: who rolled back by hand ({@code pacer rollback}); null
 * for Pacer's own roll back of a failed deploy. {@code quarantined}: the digest rolled back, now
 * quarantined for the app (never deployed to it again automatically until lifted); null when the
 * image had no digest Pacer knew.
 */
public record DeployRolledBack(@JsonUnwrapped Facts facts, String by, String quarantined)
    implements DeployEvent {

  public DeployRolledBack(Facts facts, String by) {
    this(facts, by, null);
  }

  @Override
  public String type() {
    return EventTypes.DEPLOY_ROLLED_BACK;
  }
}

package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code pacer.deploy.dry_run}: the push would have been deployed to the app ({@code image} what
 * would be set, {@code previous-image} what runs, {@code reason} why), but the app's {@code
 * autodeploy} label says {@code dryRun = true}: nothing was changed.
 */
public record DeployDryRun(@JsonUnwrapped Facts facts) implements DeployEvent {

  @Override
  public String type() {
    return EventTypes.DEPLOY_DRY_RUN;
  }
}

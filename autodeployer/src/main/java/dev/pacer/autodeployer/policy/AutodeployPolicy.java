package dev.pacer.autodeployer.policy;

import java.util.Optional;

/**
 * What an app's {@code autodeploy} label asks for. {@code rollback} is empty when the label does
 * not say, so the config default ({@code pacer.autodeployer.rollback}) applies.
 */
public record AutodeployPolicy(
    ImagePattern pattern, Optional<Boolean> rollback, boolean pinDigest) {

  public boolean rollbackOr(boolean configDefault) {
    return rollback.orElse(configDefault);
  }
}

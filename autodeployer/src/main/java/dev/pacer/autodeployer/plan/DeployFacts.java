package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.events.types.DeployEvent;

/** The fields every {@code pacer.deploy.*} event of the lane carries. */
public final class DeployFacts {
  private DeployFacts() {}

  /** {@code push} is null when none applies (a roll back, a hand rollback). */
  public static DeployEvent.Facts of(
      String image, String previous, String deploymentId, ImagePush push, String reason) {
    return new DeployEvent.Facts(
        image,
        previous,
        deploymentId,
        push == null ? null : push.id(),
        push == null ? null : push.digest(),
        push == null ? null : push.pushedAt(),
        push == null ? null : push.source(),
        reason);
  }
}

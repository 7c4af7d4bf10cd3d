package dev.pacer.common.control;

import io.vertx.core.Future;

/**
 * Where the autodeployer quarantines an image rolled back from an app ({@link PauseService} stores
 * it as it stores pauses). Succeeds once it is stored.
 */
public interface Quarantines {

  /**
   * Quarantines {@code digest} for {@code appId}: {@code why} it was rolled back, by {@code who}.
   */
  Future<Void> quarantine(String appId, String digest, String why, String who);

  /** Nowhere: a process without a pause store (tests of a daemon alone). */
  Quarantines NONE = (appId, digest, why, who) -> Future.succeededFuture();
}

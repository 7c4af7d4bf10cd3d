package dev.pacer.common.control;

import io.vertx.core.Future;

/**
 * Where a daemon keeps what must outlive it as pauses do (the state file, the Kafka control topic,
 * ZooKeeper with HA): the quarantines, and records of its own such as the autodeployer's approvals
 * and votes. {@link PauseService} is the one store; each call succeeds once the change is stored,
 * and the process's {@link PauseView} then holds it.
 */
public interface ControlStore extends Quarantines {

  /** Stores {@code record} as its scope's record (replacing the one there). */
  Future<Void> put(Pause record);

  /**
   * Ends {@code record} ({@code pacer.control.resumed}, by {@code who}, {@code why}), if it is
   * still its scope's record; succeeds doing nothing when it is not.
   */
  Future<Void> end(Pause record, String who, String why);

  /** Nowhere: a process without a store (tests of a daemon alone). */
  ControlStore NONE =
      new ControlStore() {
        @Override
        public Future<Void> quarantine(String appId, String digest, String why, String who) {
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> put(Pause record) {
          return Future.failedFuture("no control store in this process");
        }

        @Override
        public Future<Void> end(Pause record, String who, String why) {
          return Future.failedFuture("no control store in this process");
        }
      };
}

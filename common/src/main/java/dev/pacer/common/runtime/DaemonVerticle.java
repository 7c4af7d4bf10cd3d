package dev.pacer.common.runtime;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape every daemon's verticle shares: it shows its part of {@code /status} while it runs, and
 * removes it when it stops. Subclasses add their work in {@link #startDaemon()}.
 */
public abstract class DaemonVerticle extends VerticleBase {
  protected final PacerRuntime runtime;
  private final String name;
  private volatile String state = "starting";

  protected DaemonVerticle(String name, PacerRuntime runtime) {
    this.name = name;
    this.runtime = runtime;
  }

  @Override
  public final Future<?> start() {
    runtime
        .admin()
        .statusPart(
            name,
            () -> {
              Map<String, Object> s = new LinkedHashMap<>();
              s.put("state", state);
              s.putAll(status());
              return s;
            });
    return startDaemon()
        .onSuccess(v -> state = "running")
        .onFailure(e -> state = "failed: " + e.getMessage());
  }

  @Override
  public final Future<?> stop() {
    state = "stopping";
    return stopDaemon()
        .eventually(
            () -> {
              runtime.admin().removeStatusPart(name);
              return Future.succeededFuture();
            });
  }

  protected Future<?> startDaemon() {
    return Future.succeededFuture();
  }

  /**
   * A daemon's cycle: every {@code period}, the first {@code first} from now. A cycle due before
   * every daemon of the process has started (and subscribed) runs once they have: the local
   * backbone keeps no history, so a decision published before the slack-notifier or the journal
   * subscribed would be lost to them.
   */
  protected dev.pacer.common.time.Scheduler.Timer cycle(
      java.time.Duration first, java.time.Duration period, Runnable task) {
    io.vertx.core.Context here = context;
    java.util.concurrent.atomic.AtomicBoolean cancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    dev.pacer.common.time.Scheduler.Timer timer =
        runtime
            .scheduler()
            .every(
                first,
                period,
                () -> {
                  Future<Void> all = runtime.daemonsStarted();
                  if (all.isComplete()) {
                    task.run();
                  } else {
                    all.onSuccess(
                        v ->
                            here.runOnContext(
                                x -> {
                                  if (!cancelled.get()) {
                                    task.run();
                                  }
                                }));
                  }
                });
    return () -> {
      cancelled.set(true);
      timer.cancel();
    };
  }

  protected Future<?> stopDaemon() {
    return Future.succeededFuture();
  }

  /** This daemon's own fields for {@code /status}. */
  protected Map<String, Object> status() {
    return Map.of();
  }
}

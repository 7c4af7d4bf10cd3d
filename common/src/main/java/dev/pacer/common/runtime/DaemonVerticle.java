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

  protected Future<?> stopDaemon() {
    return Future.succeededFuture();
  }

  /** This daemon's own fields for {@code /status}. */
  protected Map<String, Object> status() {
    return Map.of();
  }
}

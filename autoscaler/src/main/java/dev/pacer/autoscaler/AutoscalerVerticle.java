package dev.pacer.autoscaler;

import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;

/**
 * The autoscaler's verticle. For now it has only its lifecycle and its part of {@code /status}; the
 * daemon's own work is not built yet, and /status says {@code "work": "not built yet"}.
 */
public final class AutoscalerVerticle extends DaemonVerticle {
  private final AutoscalerConfig settings;

  public AutoscalerVerticle(PacerRuntime runtime, AutoscalerConfig config) {
    super(AutoscalerMain.NAME, runtime);
    this.settings = config;
  }

  AutoscalerConfig settings() {
    return settings;
  }

  @Override
  protected java.util.Map<String, Object> status() {
    return java.util.Map.of("work", "not built yet");
  }
}

package dev.pacer.autodeployer;

import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;

/**
 * The autodeployer's verticle. For now it has only its lifecycle and its part of {@code /status};
 * the daemon's own work is not built yet, and /status says {@code "work": "not built yet"}.
 */
public final class AutodeployerVerticle extends DaemonVerticle {
  private final AutodeployerConfig settings;

  public AutodeployerVerticle(PacerRuntime runtime, AutodeployerConfig config) {
    super(AutodeployerMain.NAME, runtime);
    this.settings = config;
  }

  AutodeployerConfig settings() {
    return settings;
  }

  @Override
  protected java.util.Map<String, Object> status() {
    return java.util.Map.of("work", "not built yet");
  }
}

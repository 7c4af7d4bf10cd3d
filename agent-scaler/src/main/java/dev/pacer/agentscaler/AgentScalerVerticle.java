package dev.pacer.agentscaler;

import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;

/**
 * The agent-scaler's verticle. For now it has only its lifecycle and its part of {@code /status};
 * the daemon's own work is not built yet, and /status says {@code "work": "not built yet"}.
 */
public final class AgentScalerVerticle extends DaemonVerticle {
  private final AgentScalerConfig settings;

  public AgentScalerVerticle(PacerRuntime runtime, AgentScalerConfig config) {
    super(AgentScalerMain.NAME, runtime);
    this.settings = config;
  }

  AgentScalerConfig settings() {
    return settings;
  }

  @Override
  protected java.util.Map<String, Object> status() {
    return java.util.Map.of("work", "not built yet");
  }
}

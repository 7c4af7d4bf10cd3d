package dev.pacer.agentscaler;

import dev.pacer.common.config.ConfigReader;

/** The typed {@code pacer.agent-scaler} block. */
public record AgentScalerConfig(boolean enabled) {

  public static AgentScalerConfig read(ConfigReader r) {
    return new AgentScalerConfig(r.bool("pacer.agent-scaler.enabled"));
  }
}

package dev.pacer.agentscaler;

import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import io.vertx.core.Deployable;

/** Composition root of the agent-scaler: reads its config and builds its verticle. */
public final class AgentScalerMain implements DaemonModule<AgentScalerConfig> {
  public static final String NAME = "agent-scaler";

  public static void main(String[] args) {
    System.exit(StandaloneArgs.runDaemon(args, new AgentScalerMain()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AgentScalerConfig readConfig(ConfigReader reader) {
    return AgentScalerConfig.read(reader);
  }

  @Override
  public boolean enabled(AgentScalerConfig config) {
    return config.enabled();
  }

  @Override
  public java.util.Set<String> pauseScopes(AgentScalerConfig config) {
    java.util.Set<String> s = new java.util.TreeSet<>();
    config.pools().forEach(p -> s.add(dev.pacer.common.control.Pause.POOL_PREFIX + p.name()));
    return s;
  }

  @Override
  public Deployable create(PacerRuntime runtime, AgentScalerConfig config) {
    return new AgentScalerVerticle(runtime, config);
  }
}

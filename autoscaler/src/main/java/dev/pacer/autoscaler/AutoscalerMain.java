package dev.pacer.autoscaler;

import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import io.vertx.core.Deployable;

/** Composition root of the autoscaler: reads its config and builds its verticle. */
public final class AutoscalerMain implements DaemonModule<AutoscalerConfig> {
  public static final String NAME = "autoscaler";

  public static void main(String[] args) {
    System.exit(StandaloneArgs.runDaemon(args, new AutoscalerMain()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AutoscalerConfig readConfig(ConfigReader reader) {
    return AutoscalerConfig.read(reader);
  }

  @Override
  public boolean enabled(AutoscalerConfig config) {
    return config.enabled();
  }

  @Override
  public Deployable create(PacerRuntime runtime, AutoscalerConfig config) {
    return new AutoscalerVerticle(runtime, config);
  }
}

package dev.pacer.autodeployer;

import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import io.vertx.core.Deployable;

/** Composition root of the autodeployer: reads its config and builds its verticle. */
public final class AutodeployerMain implements DaemonModule<AutodeployerConfig> {
  public static final String NAME = "autodeployer";

  public static void main(String[] args) {
    System.exit(StandaloneArgs.runDaemon(args, new AutodeployerMain()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AutodeployerConfig readConfig(ConfigReader reader) {
    return AutodeployerConfig.read(reader);
  }

  @Override
  public boolean enabled(AutodeployerConfig config) {
    return config.enabled();
  }

  @Override
  public Deployable create(PacerRuntime runtime, AutodeployerConfig config) {
    return new AutodeployerVerticle(runtime, config);
  }
}

package dev.pacer.common.runtime;

import dev.pacer.common.config.ConfigReader;
import io.vertx.core.Deployable;

/**
 * A daemon as the process composes it: its name (also its config block {@code pacer.<name>}), its
 * typed config, and the verticle it runs. Each daemon module's {@code *Main} implements this.
 */
public interface DaemonModule<C> {

  String name();

  /** Reads {@code pacer.<name>}; problems go into the reader, so all are reported together. */
  C readConfig(ConfigReader reader);

  boolean enabled(C config);

  Deployable create(PacerRuntime runtime, C config);
}

package dev.pacer.autodeployer;

import dev.pacer.common.config.ConfigReader;

/** The typed {@code pacer.autodeployer} block. */
public record AutodeployerConfig(boolean enabled) {

  public static AutodeployerConfig read(ConfigReader r) {
    return new AutodeployerConfig(r.bool("pacer.autodeployer.enabled"));
  }
}

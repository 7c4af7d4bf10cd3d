package dev.pacer.autoscaler;

import dev.pacer.common.config.ConfigReader;

/** The typed {@code pacer.autoscaler} block. */
public record AutoscalerConfig(boolean enabled) {

  public static AutoscalerConfig read(ConfigReader r) {
    return new AutoscalerConfig(r.bool("pacer.autoscaler.enabled"));
  }
}

package dev.pacer.testsupport;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.marathon.WebClientMarathonClient;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;

/**
 * Pacer's own clients and settings, configured as a user would, for a test that drives one part
 * directly or starts a daemon against simulators.
 */
public final class PacerSettings {
  private PacerSettings() {}

  /** Pacer's settings with {@code pacer.marathon.urls} set to one URL, the rest default. */
  public static PacerConfig config(String marathonUrl) {
    return PacerConfig.read(
        new ConfigReader(
            ConfigLoader.load(
                Optional.empty(), Map.of("pacer.marathon.urls", "[\"" + marathonUrl + "\"]"))));
  }

  /**
   * The settings of an autoscaler that reads {@code graphiteUrl} every 300 ms, keeps its pauses in
   * {@code stateDir} and takes {@code adminToken} on its admin endpoints.
   */
  public static Map<String, String> autoscaling(
      String graphiteUrl, java.nio.file.Path stateDir, String adminToken) {
    return Map.of(
        "pacer.autoscaler.interval",
        "300ms",
        "pacer.autoscaler.graphite.url",
        graphiteUrl,
        "pacer.state-dir",
        stateDir.toString(),
        "pacer.admin.token",
        adminToken);
  }

  /** Pacer's Marathon client for one URL (a simulator's), every other setting at its default. */
  public static WebClientMarathonClient marathonClient(Vertx vertx, String url) {
    return new WebClientMarathonClient(vertx, config(url).marathon());
  }
}

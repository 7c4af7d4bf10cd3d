package dev.pacer.common.marathon;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Pacer reads of an app. {@code image} is {@code container.docker.image}, or empty for an app
 * without one. {@code lastScalingAt} and {@code lastConfigChangeAt} come from {@code versionInfo}
 * and hold the cooldowns: Pacer keeps no clock of its own. {@code container} is Marathon's {@code
 * container} object as read (null for none), kept so an image update can send it back whole without
 * reading the app again; treat it as read-only.
 */
public record MarathonApp(
    String id,
    int instances,
    String image,
    Map<String, String> labels,
    String version,
    Instant lastScalingAt,
    Instant lastConfigChangeAt,
    List<String> deploymentIds,
    int tasksRunning,
    int tasksHealthy,
    int tasksStaged,
    int tasksUnhealthy,
    io.vertx.core.json.JsonObject container) {

  public MarathonApp {
    labels = Map.copyOf(labels);
    deploymentIds = List.copyOf(deploymentIds);
    image = image == null ? "" : image;
  }

  public boolean hasDeploymentInFlight() {
    return !deploymentIds.isEmpty();
  }
}

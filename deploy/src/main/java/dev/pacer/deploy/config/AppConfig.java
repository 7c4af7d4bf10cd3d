package dev.pacer.deploy.config;

import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An app config rendered: the Marathon app definition to send (Pacer sections already injected as
 * labels), and the parsed Pacer sections the deploy plan needs. {@code definition} is JSON-shaped
 * (maps, lists, strings, numbers, booleans), in the file's key order.
 */
public record AppConfig(
    Path file,
    String appId,
    Map<String, Object> definition,
    Optional<AutoscalePolicy> autoscale,
    Optional<AutodeployPolicy> autodeploy) {

  /** {@code container.docker.image}, when the app has one. */
  public Optional<String> image() {
    return Optional.ofNullable(AppConfigs.at(definition, "container", "docker", "image"))
        .filter(String.class::isInstance)
        .map(String.class::cast);
  }
}

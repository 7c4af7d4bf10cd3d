package dev.pacer.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code pacer deploy} was asked: the app config and how to render it, and how to deploy it.
 * {@code pacerConfig} is Pacer's own config (the Marathon URLs, the registry's credentials, the
 * Mesos masters); {@code marathon} and {@code mesos} override its URLs. {@code diffOnly}: {@code
 * pacer diff}, which shows the diff and stops.
 */
public record DeployOptions(
    Path file,
    Optional<String> env,
    Map<String, String> overrides,
    Optional<String> image,
    boolean dryRun,
    Duration timeout,
    Optional<String> marathon,
    Optional<String> mesos,
    boolean yes,
    boolean force,
    boolean rollbackOnFailure,
    int logLines,
    int maxTaskFailures,
    boolean checkImage,
    Optional<Path> pacerConfig,
    String user,
    boolean diffOnly) {

  public DeployOptions {
    overrides = Map.copyOf(overrides);
  }
}

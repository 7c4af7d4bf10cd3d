package dev.pacer.common.marathon;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Marathon's REST API as Pacer uses it. Failures are {@link MarathonException}s. Nothing here ever
 * forces past a deployment lock unless {@code force} is passed.
 */
public interface MarathonClient {

  /**
   * {@code GET /v2/apps?label=<selector>}; selector syntax: {@code k}, {@code k==v}, {@code k!=v}.
   */
  Future<List<MarathonApp>> listApps(String labelSelector);

  /**
   * {@code GET /v2/apps?label=<label>}, of each app only its id and that label's value (app id to
   * value, in Marathon's order): an index of one label at start, without decoding whole apps.
   */
  default Future<Map<String, String>> listLabel(String label) {
    return listApps(label)
        .map(
            apps -> {
              Map<String, String> m = new java.util.LinkedHashMap<>();
              apps.forEach(
                  a -> {
                    String v = a.labels().get(label);
                    if (v != null) {
                      m.put(a.id(), v);
                    }
                  });
              return m;
            });
  }

  Future<MarathonApp> getApp(String appId);

  /**
   * {@code GET /v2/apps/{id}}: the app's JSON as Marathon shows it (with its defaults, counts and
   * tasks), empty when no app has that id.
   */
  Future<java.util.Optional<io.vertx.core.json.JsonObject>> appDefinition(String appId);

  /**
   * {@code PUT /v2/apps/{id}} with these top-level fields (Marathon replaces each one sent and
   * keeps the others; the app is created when missing). Never forced unless {@code force}.
   */
  Future<DeploymentRef> putApp(String appId, io.vertx.core.json.JsonObject body, boolean force);

  /**
   * Changes {@code container.docker.image} only: reads the app, sends its whole {@code container}
   * back with just the image replaced, and never sends {@code instances}. {@code setLabels} are
   * merged into the app's labels (Marathon replaces the whole labels map, so all are sent); a label
   * mapped to {@code null} is taken off.
   */
  Future<DeploymentRef> updateImage(
      String appId, String image, Map<String, String> setLabels, boolean force);

  /**
   * Like {@link #updateImage(String, String, Map, boolean)}, from an app the caller has just read:
   * its {@code container} and labels are sent back, which saves a second GET on the hot path.
   */
  Future<DeploymentRef> updateImage(
      MarathonApp current, String image, Map<String, String> setLabels, boolean force);

  /** Sends {@code instances} only. */
  Future<DeploymentRef> scale(String appId, int instances, boolean force);

  Future<List<Deployment>> deployments();

  /** {@code DELETE /v2/deployments/{id}}: cancels it and starts a forced revert deployment. */
  Future<DeploymentRef> revertDeployment(String deploymentId);

  /**
   * {@code POST /v2/tasks/delete?scale=false}: kills these tasks; Marathon launches a replacement
   * for each elsewhere (the app keeps its instances). Succeeds with the ids Marathon killed.
   */
  Future<List<String>> killTasks(List<String> taskIds);

  /**
   * {@code GET /v2/queue}: the launches Marathon waits to place, each with its app's resources,
   * constraints and {@code count}.
   */
  Future<List<QueuedApp>> queue();

  /** Version timestamps of an app, newest first. */
  Future<List<String>> appVersions(String appId);

  /** {@code GET /v2/apps/{id}/versions/{version}}: the app as it was at that version. */
  Future<AppVersion> appVersion(String appId, String version);

  /**
   * {@code GET /v2/apps/{id}}: the app, with its minimum health capacity and its last task failure.
   */
  Future<AppDetails> appDetails(String appId);

  /** Succeeds when a Marathon leader answers; for {@code /ready}. */
  Future<Void> ping();

  void close();
}

package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.plan.DeployDecision;
import dev.pacer.autodeployer.plan.DeploymentPlanner;
import dev.pacer.common.marathon.DeploymentRef;
import dev.pacer.common.marathon.MarathonClient;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What became of a deploy's PUT that Marathon answered with a failure it may not mean. */
final class AmbiguousWrites {
  private static final Logger LOG = LoggerFactory.getLogger(AmbiguousWrites.class);

  private AmbiguousWrites() {}

  /**
   * Marathon answers 503 when a write times out on its side, and it may have applied it: asks
   * Marathon whether the app now runs the image with Pacer's labels, and if it does, which
   * deployment carries it (by the app's new version in {@code /v2/deployments}; none when it is
   * over already). Not applied: the original failure, retried as before.
   */
  static Future<DeploymentRef> tookAnyway(
      MarathonClient marathon, String appId, DeployDecision.Deploy deploy, Throwable err) {
    return marathon
        .getApp(appId)
        .compose(
            now -> {
              boolean took =
                  now.image().equals(deploy.image())
                      && now.labels()
                          .getOrDefault(DeploymentPlanner.IMAGE_PUSHED_AT, "")
                          .equals(deploy.labels().get(DeploymentPlanner.IMAGE_PUSHED_AT));
              if (!took) {
                return Future.<DeploymentRef>failedFuture(err);
              }
              return marathon
                  .deployments()
                  .map(
                      all -> {
                        String id =
                            all.stream()
                                .filter(
                                    d ->
                                        d.affectedApps().contains(appId)
                                            && d.version().equals(now.version()))
                                .map(dev.pacer.common.marathon.Deployment::id)
                                .findFirst()
                                .orElse("");
                        LOG.warn(
                            "app={} Marathon answered {} but applied {} (version {},"
                                + " deployment_id={}): following it",
                            appId,
                            err.getMessage(),
                            deploy.image(),
                            now.version(),
                            id.isEmpty() ? "already over" : id);
                        return new DeploymentRef(id, now.version());
                      });
            },
            e -> Future.failedFuture(err));
  }
}

package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.events.EventBackbone;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the autodeployer tells the others, on {@code pacer.actions}, keyed by app id. */
final class DeployEvents {
  static final String STARTED = "pacer.deploy.started";
  static final String SUCCEEDED = "pacer.deploy.succeeded";
  static final String FAILED = "pacer.deploy.failed";
  static final String ROLLED_BACK = "pacer.deploy.rolled_back";
  static final String LABEL_INVALID = "pacer.autodeploy.label_invalid";
  private final ActionPublisher actions;

  DeployEvents(EventBackbone backbone, String source, Clock clock) {
    this.actions = new ActionPublisher(backbone, source, clock);
  }

  Future<Void> publish(String type, String appId, Map<String, Object> data) {
    return actions.publish(type, appId, data);
  }

  /** The fields every deploy.* event carries; {@code push} is null when none applies. */
  static Map<String, Object> data(
      String image, String previous, String deploymentId, ImagePush push, String reason) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("image", image);
    d.put("previous-image", previous);
    d.put("deployment-id", deploymentId);
    if (push != null) {
      d.put("push-id", push.id());
      d.put("digest", push.digest());
      d.put("pushed-at", push.pushedAt().toString());
      d.put("push-source", push.source());
    }
    d.put("reason", reason);
    return d;
  }
}

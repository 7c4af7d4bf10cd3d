package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the autodeployer tells the others, on {@code pacer.actions}, keyed by app id. */
final class DeployEvents {
  static final String STARTED = "pacer.deploy.started";
  static final String SUCCEEDED = "pacer.deploy.succeeded";
  static final String FAILED = "pacer.deploy.failed";
  static final String ROLLED_BACK = "pacer.deploy.rolled_back";
  static final String LABEL_INVALID = "pacer.autodeploy.label_invalid";
  private static final Logger LOG = LoggerFactory.getLogger(DeployEvents.class);

  private final EventBackbone backbone;
  private final String source;
  private final Clock clock;

  DeployEvents(EventBackbone backbone, String source, Clock clock) {
    this.backbone = backbone;
    this.source = source;
    this.clock = clock;
  }

  Future<Void> publish(String type, String appId, Map<String, Object> data) {
    LOG.info("app={} {} {}", appId, type, data);
    return backbone
        .publish(
            Topics.ACTIONS, appId, PacerEvent.create(source, type, appId, clock.instant(), data))
        .onFailure(e -> LOG.error("app={} {} not published: {}", appId, type, e.toString()));
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

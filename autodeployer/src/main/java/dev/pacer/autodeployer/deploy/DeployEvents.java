package dev.pacer.autodeployer.deploy;

import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import io.vertx.core.Future;
import java.time.Clock;
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
}

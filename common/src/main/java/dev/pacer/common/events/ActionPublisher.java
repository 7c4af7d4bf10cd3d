package dev.pacer.common.events;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a daemon did or decided on {@code pacer.actions}, keyed by its subject (an app id,
 * a pool), and logs it. A failed publish is logged and reported to the caller; it never throws.
 */
public final class ActionPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ActionPublisher.class);

  private final EventBackbone backbone;
  private final String source;
  private final Clock clock;

  public ActionPublisher(EventBackbone backbone, String source, Clock clock) {
    this.backbone = backbone;
    this.source = source;
    this.clock = clock;
  }

  public Future<Void> publish(String type, String subject, Map<String, Object> data) {
    PacerEvent event = PacerEvent.create(source, type, subject, clock.instant(), data);
    String keys = LogKeys.of(event);
    LOG.info("{} {} {}", keys, type, data);
    return backbone
        .publish(Topics.ACTIONS, subject, event)
        .onFailure(e -> LOG.error("{} {} not published: {}", keys, type, e.toString()));
  }
}

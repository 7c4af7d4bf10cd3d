package dev.pacer.common.events;

import dev.pacer.common.events.types.EventData;
import dev.pacer.common.events.types.EventTypes;
import io.vertx.core.Future;
import java.time.Clock;
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

  public Future<Void> publish(String subject, EventData data) {
    PacerEvent event = EventTypes.event(source, subject, clock.instant(), data);
    String keys = LogKeys.of(event);
    String type = event.type();
    LOG.info("{} {} {}", keys, type, event.data());
    return backbone
        .publish(Topics.ACTIONS, subject, event)
        .onFailure(e -> LOG.error("{} {} not published: {}", keys, type, e.toString()));
  }
}

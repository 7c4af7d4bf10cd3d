package dev.pacer.common.marathon;

import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts Marathon's events on {@code pacer.marathon}, typed {@code pacer.marathon.<event_type>} and
 * keyed by app id: one event per app concerned. A (re)connect publishes {@code
 * pacer.marathon.stream_attached}, which tells daemons to resync, since Marathon does not replay
 * what was missed.
 */
public final class MarathonEventRelay {
  public static final String TYPE_PREFIX = "pacer.marathon.";
  public static final String STREAM_ATTACHED = TYPE_PREFIX + "stream_attached";

  private final EventBackbone backbone;
  private final String source;
  private final Clock clock;

  public MarathonEventRelay(EventBackbone backbone, String source, Clock clock) {
    this.backbone = backbone;
    this.source = source;
    this.clock = clock;
  }

  public Future<Void> relay(MarathonEvent e) {
    String type = TYPE_PREFIX + e.eventType();
    if (e.appIds().isEmpty()) {
      return backbone.publish(
          Topics.MARATHON, "", PacerEvent.create(source, type, "", clock.instant(), e.payload()));
    }
    List<Future<Void>> all = new ArrayList<>();
    for (String app : e.appIds()) {
      all.add(
          backbone.publish(
              Topics.MARATHON,
              app,
              PacerEvent.create(source, type, app, clock.instant(), e.payload())));
    }
    return Future.all(all).mapEmpty();
  }

  public Future<Void> streamAttached() {
    return backbone.publish(
        Topics.MARATHON,
        "",
        PacerEvent.create(source, STREAM_ATTACHED, "", clock.instant(), Map.of()));
  }
}

package dev.pacer.common.marathon;

import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.Topics;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.MarathonRelayed;
import dev.pacer.common.events.types.StreamAttached;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts Marathon's events on {@code pacer.marathon}, typed {@code pacer.marathon.<event_type>} and
 * keyed by app id: one event per app concerned. A (re)connect publishes {@code
 * pacer.marathon.stream_attached}, which tells daemons to resync, since Marathon does not replay
 * what was missed.
 */
public final class MarathonEventRelay {

  private final EventBackbone backbone;
  private final String source;
  private final Clock clock;

  public MarathonEventRelay(EventBackbone backbone, String source, Clock clock) {
    this.backbone = backbone;
    this.source = source;
    this.clock = clock;
  }

  public Future<Void> relay(MarathonEvent e) {
    MarathonRelayed data = new MarathonRelayed(e.eventType(), e.payload());
    if (e.appIds().isEmpty()) {
      return backbone.publish(
          Topics.MARATHON, "", EventTypes.event(source, "", clock.instant(), data));
    }
    List<Future<Void>> all = new ArrayList<>();
    for (String app : e.appIds()) {
      all.add(
          backbone.publish(
              Topics.MARATHON, app, EventTypes.event(source, app, clock.instant(), data)));
    }
    return Future.all(all).mapEmpty();
  }

  public Future<Void> streamAttached() {
    return backbone.publish(
        Topics.MARATHON, "", EventTypes.event(source, "", clock.instant(), new StreamAttached()));
  }
}

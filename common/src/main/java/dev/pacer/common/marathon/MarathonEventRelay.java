package dev.pacer.common.marathon;

import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.Topics;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.MarathonRelayed;
import dev.pacer.common.events.types.StreamAttached;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts Marathon's events on {@code pacer.marathon}, typed {@code pacer.marathon.<event_type>} and
 * keyed by app id: one event per app concerned. A (re)connect publishes {@code
 * pacer.marathon.stream_attached}, which tells daemons to resync, since Marathon does not replay
 * what was missed. Nothing is published before {@code openFrom} completes (the daemons subscribed):
 * the stream attaches before the daemons start, so their first read of Marathon follows the attach,
 * and what it relays meanwhile waits (the stream pauses while too much waits), in order.
 */
public final class MarathonEventRelay {

  private final EventBackbone backbone;
  private final String source;
  private final Clock clock;
  private final StreamAttaches attaches;
  private final Future<Void> openFrom;

  public MarathonEventRelay(
      EventBackbone backbone,
      String source,
      Clock clock,
      StreamAttaches attaches,
      Future<Void> openFrom) {
    this.backbone = backbone;
    this.source = source;
    this.clock = clock;
    this.attaches = attaches;
    this.openFrom = openFrom;
  }

  public Future<Void> relay(MarathonEvent e) {
    Instant at = clock.instant();
    return openFrom.compose(v -> publish(e, at));
  }

  private Future<Void> publish(MarathonEvent e, Instant at) {
    MarathonRelayed data = new MarathonRelayed(e.eventType(), e.payload());
    if (e.appIds().isEmpty()) {
      return backbone.publish(Topics.MARATHON, "", EventTypes.event(source, "", at, data));
    }
    List<Future<Void>> all = new ArrayList<>();
    for (String app : e.appIds()) {
      all.add(backbone.publish(Topics.MARATHON, app, EventTypes.event(source, app, at, data)));
    }
    return Future.all(all).mapEmpty();
  }

  /** Counts the attach at once (a read of Marathon from now on follows it), then publishes it. */
  public Future<Void> streamAttached() {
    StreamAttached data = new StreamAttached(attaches.relay(), attaches.next());
    Instant at = clock.instant();
    return openFrom.compose(
        v -> backbone.publish(Topics.MARATHON, "", EventTypes.event(source, "", at, data)));
  }
}

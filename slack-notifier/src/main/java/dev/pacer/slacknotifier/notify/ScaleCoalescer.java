package dev.pacer.slacknotifier.notify;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.EventData;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.ScaleDryRun;
import dev.pacer.common.events.types.ScaleHeld;
import dev.pacer.common.time.Scheduler;
import dev.pacer.slacknotifier.delivery.Delivery;
import dev.pacer.slacknotifier.format.Messages;
import dev.pacer.slacknotifier.format.SlackMessage;
import dev.pacer.slacknotifier.plan.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scale events of a channel, gathered for {@code window} from the first one: one event is sent as
 * its own message, several as one summary, so a burst (20 apps scaled within 10 s) is one message.
 * A window of zero sends each at once.
 */
final class ScaleCoalescer {
  private final Scheduler scheduler;
  private final Delivery delivery;
  private final Duration window;
  private final Map<String, List<PacerEvent>> open = new HashMap<>();
  private int coalesced;

  ScaleCoalescer(Scheduler scheduler, Delivery delivery, Duration window) {
    this.scheduler = scheduler;
    this.delivery = delivery;
    this.window = window;
  }

  void add(String channel, PacerEvent e) {
    if (window.isZero()) {
      send(channel, List.of(e));
      return;
    }
    List<PacerEvent> list = open.computeIfAbsent(channel, c -> new ArrayList<>());
    if (list.isEmpty()) {
      scheduler.after(window, () -> send(channel, open.remove(channel)));
    }
    list.add(e);
  }

  /** Scale events merged into summaries so far. */
  int coalesced() {
    return coalesced;
  }

  int waiting() {
    return open.values().stream().mapToInt(List::size).sum();
  }

  private void send(String channel, List<PacerEvent> events) {
    if (events == null || events.isEmpty()) {
      return;
    }
    SlackMessage m;
    boolean low;
    if (events.size() == 1) {
      PacerEvent e = events.get(0);
      EventData d = EventTypes.read(e);
      boolean held = d instanceof ScaleHeld;
      m = held ? Messages.held(e) : Messages.scaled(e);
      low = held || d instanceof ScaleDryRun;
    } else {
      coalesced += events.size();
      m = Messages.scaleSummary(events, window);
      low = false;
    }
    delivery.send(channel, Op.post(null, m, low, "scale actions"));
  }
}

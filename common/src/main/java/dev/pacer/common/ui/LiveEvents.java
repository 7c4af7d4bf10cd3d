package dev.pacer.common.ui;

import dev.pacer.common.journal.JournalEntry;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ui/events}: the journal's entries as server-sent events, each as it is recorded (one
 * {@code data:} line of JSON: the entry's subject, time, type and line in words). The open pages
 * add them without a reload. A client that cannot keep up (its socket's queue full) is dropped; the
 * browser's {@code EventSource} reconnects.
 */
public final class LiveEvents {
  private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

  private final Set<HttpServerResponse> clients = ConcurrentHashMap.newKeySet();
  private Function<JournalEntry, Map<String, Object>> render = e -> Map.of("type", e.type());

  /** How an entry is said to the pages (the status page's line). */
  void render(Function<JournalEntry, Map<String, Object>> render) {
    this.render = render;
  }

  void attach(RoutingContext ctx) {
    HttpServerResponse r = ctx.response();
    r.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    // a first comment, so that the client knows at once the stream is open
    r.write(": pacer journal\n\n");
    clients.add(r);
    r.closeHandler(v -> clients.remove(r));
    r.exceptionHandler(e -> clients.remove(r));
  }

  /** Sends an entry to every open page. */
  public void publish(JournalEntry e) {
    if (clients.isEmpty()) {
      return;
    }
    String frame = "data: " + Charts.json(render.apply(e)) + "\n\n";
    for (HttpServerResponse r : clients) {
      if (r.writeQueueFull()) {
        LOG.debug("status page: a client too slow for the live events, dropped");
        clients.remove(r);
        r.reset();
        continue;
      }
      r.write(frame);
    }
  }

  public int clients() {
    return clients.size();
  }
}

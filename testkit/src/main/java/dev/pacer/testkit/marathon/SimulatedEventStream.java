package dev.pacer.testkit.marathon;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Marathon's {@code GET /v2/events}, framed as Jetty's EventSourceServlet does it (see {@code
 * events_stream.derived-crlf.txt}): {@code event: <type>\r\ndata: <json>\r\n\r\n}, a bare {@code
 * \r\n} heartbeat per interval, {@code event_stream_attached} first. The Accept header must be
 * exactly {@code text/event-stream}, or 405. Repeated {@code event_type} params filter by exact
 * name.
 */
final class SimulatedEventStream {
  private record Subscriber(HttpServerResponse response, Set<String> types) {}

  private final Vertx vertx;
  private final Clock clock;
  private final Duration heartbeat;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private volatile boolean silent;

  SimulatedEventStream(Vertx vertx, Clock clock, Duration heartbeat) {
    this.vertx = vertx;
    this.clock = clock;
    this.heartbeat = heartbeat;
  }

  void attach(HttpServerRequest req, String standbyLeader) {
    if (!"text/event-stream".equals(req.getHeader("Accept"))) {
      req.response()
          .setStatusCode(405)
          .putHeader("Content-Type", "text/html;charset=ISO-8859-1")
          .end("<html><body><h2>HTTP ERROR 405</h2></body></html>");
      return;
    }
    if (standbyLeader != null) {
      String q = req.query() == null ? "" : "?" + req.query();
      req.response()
          .setStatusCode(302)
          .putHeader("Location", standbyLeader + "/v2/events" + q)
          .end();
      return;
    }
    HttpServerResponse resp =
        req.response()
            .setStatusCode(200)
            .setChunked(true)
            .putHeader("Content-Type", "text/event-stream;charset=UTF-8")
            .putHeader("Cache-Control", "no-cache, no-store, must-revalidate")
            .putHeader("Connection", "close");
    // Jetty's EventSourceServlet flushes the headers at once: a client filtering out
    // event_stream_attached still sees the 200 before any event.
    resp.writeHead();
    Set<String> types = Set.copyOf(req.params().getAll("event_type"));
    Subscriber sub = new Subscriber(resp, types);
    long timer =
        vertx.setPeriodic(
            heartbeat.toMillis(),
            t -> {
              if (!silent && !resp.ended() && !resp.closed()) {
                resp.write("\r\n");
              }
            });
    resp.closeHandler(
        v -> {
          vertx.cancelTimer(timer);
          subscribers.remove(sub);
        });
    String remote = req.remoteAddress() == null ? "127.0.0.1" : req.remoteAddress().hostAddress();
    write(
        sub,
        "event_stream_attached",
        new JsonObject()
            .put("remoteAddress", remote)
            .put("eventType", "event_stream_attached")
            .put("timestamp", SimShapes.iso(clock.instant())));
    subscribers.add(sub);
  }

  void emit(String eventType, JsonObject payload) {
    for (Subscriber s : subscribers) {
      write(s, eventType, payload);
    }
  }

  void silence(boolean silent) {
    this.silent = silent;
  }

  int openCount() {
    return subscribers.size();
  }

  void closeAll() {
    for (Subscriber s : subscribers) {
      subscribers.remove(s);
      s.response().reset();
    }
  }

  private static void write(Subscriber s, String eventType, JsonObject payload) {
    if ((!s.types().isEmpty() && !s.types().contains(eventType)) || s.response().closed()) {
      return;
    }
    s.response().write("event: " + eventType + "\r\ndata: " + payload.encode() + "\r\n\r\n");
  }
}

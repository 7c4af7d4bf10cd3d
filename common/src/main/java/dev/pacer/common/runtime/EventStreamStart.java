package dev.pacer.common.runtime;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.ha.Leadership;
import dev.pacer.common.ha.ZooKeeperHa;
import dev.pacer.common.lifecycle.ShutdownSequence;
import dev.pacer.common.marathon.MarathonEventRelay;
import dev.pacer.common.marathon.MarathonEventStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches Marathon's event stream for the event types the enabled daemons read, and relays it onto
 * the backbone (only the leader on Kafka with HA), with its gauges and its part of {@code /status}.
 * A step of {@link PacerProcess#start()}, before the daemons start: it waits for the first attempt
 * to attach (at most {@link #FIRST_ATTACH_WAIT}), so the daemons' first read of Marathon follows
 * the attach and its {@code stream_attached} needs no second read; nothing is relayed before {@code
 * openFrom} (the daemons started and subscribed).
 */
final class EventStreamStart {
  private static final Logger LOG = LoggerFactory.getLogger(EventStreamStart.class);

  /** How long the start waits for the first attach before it starts the daemons anyway. */
  static final long FIRST_ATTACH_WAIT = 1000;

  private EventStreamStart() {}

  static Future<Void> start(
      PacerRuntime runtime, ShutdownSequence shutdown, List<String> types, Future<Void> openFrom) {
    Vertx vertx = runtime.vertx();
    PacerConfig config = runtime.config();
    EventBackbone backbone = runtime.backbone();
    if (!config.marathon().eventsEnabled() || types.isEmpty()) {
      return Future.succeededFuture();
    }
    MarathonEventRelay relay =
        new MarathonEventRelay(
            backbone,
            config.events().source(),
            runtime.clock(),
            runtime.streamAttaches(),
            openFrom);
    // On Kafka every replica's stream would put each Marathon event on the topic once per replica:
    // only the leader relays. Its stream_attached on election makes the daemons resync what the
    // gap between two leaders missed.
    boolean leaderOnly =
        config.ha().enabled() && config.events().backend() == PacerConfig.Backend.KAFKA;
    Leadership leadership = runtime.leadership();
    if (leaderOnly && leadership instanceof ZooKeeperHa zk) {
      zk.onElected(
          () ->
              relay
                  .streamAttached()
                  .onFailure(e -> LOG.warn("stream_attached not published: {}", e.toString())));
    }
    Future<Void> started =
        Future.future(
            p ->
                vertx
                    .getOrCreateContext()
                    .runOnContext(
                        v -> {
                          MarathonEventStream stream =
                              new MarathonEventStream(
                                  vertx,
                                  config.marathon(),
                                  types,
                                  e ->
                                      leaderOnly && !leadership.isLeader()
                                          ? Future.<Void>succeededFuture()
                                          : relay.relay(e),
                                  () ->
                                      leaderOnly && !leadership.isLeader()
                                          ? Future.<Void>succeededFuture()
                                          : relay.streamAttached());
                          stream.start();
                          io.micrometer.core.instrument.Gauge.builder(
                                  "pacer.marathon.events.connected",
                                  stream,
                                  x -> x.connected() ? 1 : 0)
                              .description(
                                  "1 while Marathon's event stream is attached, else 0 (Pacer"
                                      + " reconnects; daemons resync on each attach)")
                              .register(runtime.metrics());
                          io.micrometer.core.instrument.FunctionCounter.builder(
                                  "pacer.marathon.events.connects",
                                  stream,
                                  MarathonEventStream::connects)
                              .description("times Marathon's event stream was opened (200)")
                              .register(runtime.metrics());
                          runtime
                              .admin()
                              .statusPart(
                                  "marathon-events",
                                  () -> {
                                    Map<String, Object> s = new LinkedHashMap<>();
                                    s.put("connected", stream.connected());
                                    s.put("connects", stream.connects());
                                    s.put("events", stream.eventsReceived());
                                    if (stream.lastError() != null) {
                                      s.put("last-error", stream.lastError());
                                      s.put("last-error-at", stream.lastErrorAt());
                                    }
                                    return s;
                                  });
                          shutdown.onShutdown("marathon event stream", stream::stop);
                          long wait = vertx.setTimer(FIRST_ATTACH_WAIT, t -> p.tryComplete());
                          stream
                              .firstAttempt()
                              .onComplete(
                                  x -> {
                                    vertx.cancelTimer(wait);
                                    p.tryComplete();
                                  });
                        }));
    return started;
  }
}

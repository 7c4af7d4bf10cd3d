package dev.pacer.slacknotifier.delivery;

import dev.pacer.slacknotifier.plan.Op;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The queues of every channel, created as channels are first used. A webhook has one channel of its
 * own, so in webhook mode every message shares one queue (and one rate). Runs on one Vert.x
 * context.
 */
public final class Delivery {
  private final Vertx vertx;
  private final SlackSink sink;
  private final DeliverySettings settings;
  private final Map<String, ChannelQueue> queues = new LinkedHashMap<>();
  // The same queues, for the depth gauge, which is read from the metrics' threads.
  private final java.util.List<ChannelQueue> all =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Counter dropped;
  private final Map<String, Counter> messages = new java.util.HashMap<>();

  public Delivery(Vertx vertx, SlackSink sink, DeliverySettings settings) {
    this(vertx, sink, settings, new SimpleMeterRegistry());
  }

  /**
   * {@code meters} gets {@code pacer.slack.queue.depth} (messages waiting, every channel) and
   * {@code pacer.slack.dropped} (messages dropped by a full queue).
   */
  public Delivery(Vertx vertx, SlackSink sink, DeliverySettings settings, MeterRegistry meters) {
    this.vertx = vertx;
    this.sink = sink;
    this.settings = settings;
    Gauge.builder(
            "pacer.slack.queue.depth", all, l -> l.stream().mapToInt(ChannelQueue::depth).sum())
        .description("Slack messages waiting to be sent, every channel")
        .register(meters);
    this.dropped =
        Counter.builder("pacer.slack.dropped")
            .description("Slack messages dropped because their channel's queue was full")
            .register(meters);
    for (String r : ChannelQueue.RESULTS) {
      messages.put(
          r,
          Counter.builder("pacer.slack.messages")
              .description(
                  "Slack messages by result: sent, updated (in place), replaced, dropped, failed,"
                      + " retried, rate-limited")
              .tag("result", r)
              .register(meters));
    }
  }

  private void counted(String result) {
    Counter c = messages.get(result);
    if (c != null) {
      c.increment();
    }
    if (result.equals("dropped")) {
      dropped.increment();
    }
  }

  public void send(String channel, Op op) {
    String q = sink.mode().equals("webhook") ? "webhook" : channel;
    queues
        .computeIfAbsent(
            q,
            c -> {
              ChannelQueue created = new ChannelQueue(c, sink, vertx, settings, this::counted);
              all.add(created);
              return created;
            })
        .offer(op);
  }

  public SlackSink sink() {
    return sink;
  }

  /** Nothing queued or being sent in any channel. */
  public boolean idle() {
    return queues.values().stream().allMatch(ChannelQueue::idle);
  }

  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("mode", sink.mode());
    Map<String, Object> channels = new LinkedHashMap<>();
    queues.forEach((c, q) -> channels.put(c, q.status()));
    s.put("channels", channels);
    return s;
  }

  /** Stops every queue, waits for the calls in flight, then closes the sink. */
  public io.vertx.core.Future<Void> close() {
    java.util.List<io.vertx.core.Future<Void>> calls = new java.util.ArrayList<>();
    queues.values().forEach(q -> calls.add(q.close()));
    return io.vertx.core.Future.join(calls)
        .<Void>mapEmpty()
        .eventually(
            () -> {
              sink.close();
              return io.vertx.core.Future.succeededFuture();
            });
  }
}

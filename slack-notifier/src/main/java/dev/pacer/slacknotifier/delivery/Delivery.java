package dev.pacer.slacknotifier.delivery;

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

  public Delivery(Vertx vertx, SlackSink sink, DeliverySettings settings) {
    this.vertx = vertx;
    this.sink = sink;
    this.settings = settings;
  }

  public void send(String channel, Op op) {
    String q = sink.mode().equals("webhook") ? "webhook" : channel;
    queues.computeIfAbsent(q, c -> new ChannelQueue(c, sink, vertx, settings)).offer(op);
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

  public void close() {
    queues.values().forEach(ChannelQueue::close);
    sink.close();
  }
}

package dev.pacer.common.events;

import io.vertx.core.Future;

/**
 * Publish and subscribe with at-least-once delivery. The local and the Kafka backbone keep the same
 * promise: {@link #publish} succeeds only once the event is durably accepted (queued in process, or
 * acknowledged by all in-sync Kafka replicas); a subscriber's event is committed only after its
 * handler's future succeeded.
 */
public interface EventBackbone {

  /** Creates topics and connections. Call before publish or subscribe. */
  Future<Void> start();

  Future<Void> publish(String topic, String key, PacerEvent event);

  /**
   * Subscribes a consumer group. Members of one group share the events; each group gets every
   * event. Events of one group are handled one at a time per partition, in order.
   */
  Future<Subscription> subscribe(String topic, String group, EventHandler handler);

  /**
   * Like {@link #subscribe}, but a group the topic has not seen starts at the topic's end instead
   * of its beginning: for a group of one replica's own, which needs what happens from now on, not
   * the topic's history. The local backbone has no history: the same as {@link #subscribe}.
   */
  default Future<Subscription> subscribeFromNow(String topic, String group, EventHandler handler) {
    return subscribe(topic, group, handler);
  }

  /**
   * Every event a topic holds now, oldest first per key: how a compacted topic ({@code
   * pacer.control}) is read back at start. The local backbone keeps nothing once handled, so it
   * gives none; what must survive a restart there is kept in {@code state-dir}.
   */
  default Future<java.util.List<PacerEvent>> readAll(String topic) {
    return Future.succeededFuture(java.util.List.of());
  }

  /** Succeeds when the backbone can take events now; for {@code /ready}. */
  Future<Void> ping();

  Future<Void> close();

  /** A live subscription. */
  interface Subscription {
    Future<Void> close();
  }
}

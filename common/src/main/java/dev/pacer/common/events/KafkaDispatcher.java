package dev.pacer.common.events;

import dev.pacer.common.retry.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link KafkaSubscription}'s records on the subscriber's context in {@link KeyedQueues}
 * (key: partition and record key): one at a time per key, in offset order, different keys side by
 * side, at most {@code maxInFlight} at once. A record whose handler succeeded is marked done, which
 * lets the consumer thread commit past it; a failed one is tried again after a backoff, holding
 * back only its key. Context thread only, but for {@link Item#done} and {@link
 * PartitionState#revoked}.
 */
final class KafkaDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDispatcher.class);

  /** A handler slower than this counts as failed, and its record is tried again. */
  private static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(4);

  /** What this member knows of one of its partitions: records polled and not yet committed. */
  static final class PartitionState {
    final ArrayDeque<Item> pending = new ArrayDeque<>();
    volatile boolean revoked;
  }

  /** One polled record. {@code done} is set on the context and read by the consumer thread. */
  static final class Item {
    final PartitionState state;
    final String key;
    final long offset;
    PacerEvent event;
    volatile boolean done;

    Item(PartitionState state, String key, long offset) {
      this.state = state;
      this.key = key;
      this.offset = offset;
    }
  }

  private final String topic;
  private final String group;
  private final EventHandler handler;
  private final Context context;
  private final int maxInFlight;
  private final Backoff redelivery;
  private final AtomicInteger outstanding;
  private final BooleanSupplier open;

  private final KeyedQueues<Item> queues = new KeyedQueues<>();
  private int running;

  /**
   * @param outstanding records polled and not yet handled, shared with the consumer thread
   * @param open false once the subscription closes: nothing more is started
   */
  KafkaDispatcher(
      String topic,
      String group,
      EventHandler handler,
      Context context,
      int maxInFlight,
      Backoff redelivery,
      AtomicInteger outstanding,
      BooleanSupplier open) {
    this.topic = topic;
    this.group = group;
    this.handler = handler;
    this.context = context;
    this.maxInFlight = maxInFlight;
    this.redelivery = redelivery;
    this.outstanding = outstanding;
    this.open = open;
  }

  void submit(List<Item> items) {
    items.forEach(item -> queues.add(item.key, item));
    pump();
  }

  /** Drops the queued records of partitions revoked from this member. */
  void purge() {
    outstanding.addAndGet(-queues.removeQueuedIf(item -> item.state.revoked));
    pump();
  }

  private void pump() {
    while (running < maxInFlight && queues.hasReady()) {
      String key = queues.nextReady();
      Item item = queues.head(key);
      while (item != null && item.state.revoked) {
        // its partition moved to another member, which reads it from the commit
        queues.dropHead(key);
        outstanding.decrementAndGet();
        item = queues.head(key);
      }
      if (item == null || !open.getAsBoolean()) {
        continue; // nothing left, or closing: start nothing more
      }
      running++;
      Item started = item;
      Future<Void> f = call(started.event);
      if (f.isComplete()) {
        finished(key, started, f); // synchronous handlers: no recursion
      } else {
        f.onComplete(
            ar -> {
              finished(key, started, f);
              pump();
            });
      }
    }
  }

  /** The handler's future, failed if it takes longer than {@link #HANDLER_TIMEOUT}. */
  private Future<Void> call(PacerEvent event) {
    Future<Void> f = EventHandler.call(handler, event);
    if (f.isComplete()) {
      return f;
    }
    Promise<Void> bounded = Promise.promise();
    long timer =
        context
            .owner()
            .setTimer(
                HANDLER_TIMEOUT.toMillis(),
                t ->
                    bounded.tryFail(
                        new java.util.concurrent.TimeoutException(
                            "handler did not finish within " + HANDLER_TIMEOUT)));
    f.onComplete(
        ar -> {
          context.owner().cancelTimer(timer);
          if (ar.succeeded()) {
            bounded.tryComplete();
          } else {
            bounded.tryFail(ar.cause());
          }
        });
    return bounded.future();
  }

  private void finished(String key, Item item, Future<Void> f) {
    running--;
    if (f.succeeded()) {
      item.done = true;
      outstanding.decrementAndGet();
      queues.succeeded(key);
      return;
    }
    int attempt = queues.failed(key);
    LOG.warn(
        "topic={} group={} {} type={} handler failed (attempt {}), redelivering: {}",
        topic,
        group,
        LogKeys.of(item.event),
        item.event.type(),
        attempt,
        f.cause().toString());
    context
        .owner()
        .setTimer(
            redelivery.delayMillis(attempt),
            t -> {
              queues.retry(key);
              pump();
            });
  }
}

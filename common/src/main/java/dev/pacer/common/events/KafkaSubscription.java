package dev.pacer.common.events;

import dev.pacer.common.retry.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer group member on its own thread (a KafkaConsumer is not thread-safe, and its poll
 * blocks). Records are handed to the handler on the subscriber's Vert.x context one at a time; the
 * offset after a record is committed only once its handler succeeded. A failure seeks back to the
 * failed record, so the next poll delivers it again after a backoff.
 */
final class KafkaSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);

  /** A handler slower than this counts as failed; below Kafka's max.poll.interval.ms. */
  private static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(4);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final String group;
  private final EventHandler handler;
  private final Context context;
  private final Backoff redelivery;
  private final Thread thread;
  private final Promise<Void> assigned = Promise.promise();
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean running = true;
  private int attempts;
  private final Map<TopicPartition, Long> pausedUntil = new java.util.HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> handled = new java.util.HashMap<>();

  KafkaSubscription(
      Properties base,
      String clientId,
      String topic,
      String group,
      EventHandler handler,
      Context context,
      Backoff redelivery) {
    Properties p = new Properties();
    p.putAll(base);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.group = group;
    this.handler = handler;
    this.context = context;
    this.redelivery = redelivery;
    this.thread = new Thread(this::loop, "pacer-kafka-" + group + "-" + topic);
    this.thread.setDaemon(true);
  }

  /** Succeeds once the group has assigned partitions to this member. */
  Future<Void> start() {
    thread.start();
    return assigned.future();
  }

  Future<Void> close() {
    running = false;
    consumer.wakeup();
    return stopped.future();
  }

  private void loop() {
    try {
      consumer.subscribe(
          List.of(topic),
          new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
              // Another member takes these over: hand it an exact position, and forget our
              // backoffs.
              commitHandledBeforeClose();
              partitions.forEach(
                  tp -> {
                    handled.remove(tp);
                    pausedUntil.remove(tp);
                  });
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
              context.runOnContext(v -> assigned.tryComplete());
            }
          });
      while (running) {
        resumeDuePartitions();
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
        for (TopicPartition tp : records.partitions()) {
          if (!handlePartition(tp, records.records(tp))) {
            break;
          }
        }
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("topic={} group={} consumer woken unexpectedly", topic, group, e);
      }
    } catch (RuntimeException e) {
      LOG.error("topic={} group={} consumer stopped by an error", topic, group, e);
      context.runOnContext(v -> assigned.tryFail(e));
    } finally {
      commitHandledBeforeClose();
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.warn("topic={} group={} consumer close failed: {}", topic, group, e.toString());
      }
      stopped.tryComplete();
    }
  }

  /**
   * Handles records in order and commits once after the batch: every committed offset follows only
   * records whose handlers succeeded. On a failure commits what succeeded before it, seeks back to
   * the failed record and pauses the partition for the backoff; returns false.
   */
  private boolean handlePartition(TopicPartition tp, List<ConsumerRecord<String, byte[]>> recs) {
    long next = -1;
    for (ConsumerRecord<String, byte[]> rec : recs) {
      if (!running) {
        commitIfAny(tp, next);
        consumer.seek(tp, rec.offset());
        return false;
      }
      PacerEvent event;
      try {
        event = EventCodec.decode(rec.value());
      } catch (EventCodec.EventDecodingException e) {
        // A record that can never decode would block the partition forever; log it whole and move
        // on.
        LOG.error(
            "topic={} partition={} offset={} skipped: {} payload={}",
            topic,
            tp.partition(),
            rec.offset(),
            e.getMessage(),
            rec.value() == null
                ? "null"
                : new String(rec.value(), java.nio.charset.StandardCharsets.UTF_8));
        next = rec.offset() + 1;
        continue;
      }
      Throwable failure = runHandler(event);
      if (failure == null) {
        attempts = 0;
        next = rec.offset() + 1;
      } else {
        attempts++;
        LOG.warn(
            "topic={} group={} event={} type={} subject={} handler failed (attempt {}), redelivering: {}",
            topic,
            group,
            event.id(),
            event.type(),
            event.subject(),
            attempts,
            failure.toString());
        commitIfAny(tp, next);
        consumer.seek(tp, rec.offset());
        consumer.pause(List.of(tp));
        pausedUntil.put(tp, System.nanoTime() + redelivery.delay(attempts).toNanos());
        return false;
      }
    }
    commitIfAny(tp, next);
    return true;
  }

  private Throwable runHandler(PacerEvent event) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          Future<Void> f;
          try {
            f = handler.handle(event);
            if (f == null) {
              f = Future.failedFuture("handler returned no future");
            }
          } catch (RuntimeException e) {
            f = Future.failedFuture(e);
          }
          f.onComplete(
              ar -> {
                if (ar.succeeded()) {
                  done.complete(null);
                } else {
                  done.completeExceptionally(ar.cause());
                }
              });
        });
    try {
      done.get(HANDLER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return new TimeoutException("handler did not finish within " + HANDLER_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }

  /**
   * Commits asynchronously, off the hot path; a lost async commit only means redelivery of handled
   * records (handlers are idempotent). What was handled is committed synchronously on close.
   */
  private void commitIfAny(TopicPartition tp, long next) {
    if (next >= 0) {
      OffsetAndMetadata offset = new OffsetAndMetadata(next);
      handled.put(tp, offset);
      consumer.commitAsync(
          Map.of(tp, offset),
          (offsets, e) -> {
            if (e != null) {
              LOG.warn(
                  "topic={} group={} async commit failed, will retry: {}",
                  topic,
                  group,
                  e.toString());
            }
          });
    }
  }

  private void commitHandledBeforeClose() {
    if (!handled.isEmpty()) {
      try {
        consumer.commitSync(handled, Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.warn(
            "topic={} group={} final commit failed; handled events may be redelivered: {}",
            topic,
            group,
            e.toString());
      }
    }
  }

  /** Paused partitions keep the group membership alive (poll goes on) while they back off. */
  private void resumeDuePartitions() {
    if (pausedUntil.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    List<TopicPartition> due =
        pausedUntil.entrySet().stream()
            .filter(e -> now - e.getValue() >= 0)
            .map(Map.Entry::getKey)
            .toList();
    if (!due.isEmpty()) {
      due.forEach(pausedUntil::remove);
      consumer.resume(due);
    }
  }
}

package dev.pacer.common.events;

import dev.pacer.common.retry.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * One consumer group member. The consumer lives on its own thread (a KafkaConsumer is not
 * thread-safe, and its poll blocks) and keeps polling while handlers run: records go to a {@link
 * KafkaDispatcher} on the subscriber's Vert.x context, which runs records with the same key one at
 * a time in offset order and different keys side by side, at most {@code maxInFlight} at once. A
 * handler that fails gets its record again after a backoff, holding back only its key's later
 * records. The committed offset of a partition only ever passes records whose handlers succeeded
 * (the lowest record not yet handled bounds it), so a crash or a rebalance redelivers, never skips.
 * At most {@value #MAX_OUTSTANDING} records are held polled-but-unhandled; beyond that fetching
 * pauses.
 */
final class KafkaSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);

  static final int MAX_OUTSTANDING = 2_000;

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final String group;
  private final Context context;
  private final Thread thread;
  private final Promise<Void> assigned = Promise.promise();
  private final Promise<Void> stopped = Promise.promise();
  private final KafkaDispatcher dispatcher;
  private final AtomicInteger outstanding = new AtomicInteger();
  private volatile boolean running = true;
  // Consumer thread only.
  private final Map<TopicPartition, KafkaDispatcher.PartitionState> partitions = new HashMap<>();
  private boolean fetchPaused;

  KafkaSubscription(
      Properties base,
      String clientId,
      String topic,
      String group,
      EventHandler handler,
      Context context,
      int maxInFlight,
      Backoff redelivery,
      boolean fromNow) {
    Properties p = new Properties();
    p.putAll(base);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromNow ? "latest" : "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.group = group;
    this.context = context;
    this.dispatcher =
        new KafkaDispatcher(
            topic, group, handler, context, maxInFlight, redelivery, outstanding, () -> running);
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
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
              // Another member takes these over: hand it an exact position.
              commitSync(revoked);
              forget(revoked);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> lost) {
              forget(lost);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> added) {
              added.forEach(tp -> partitions.put(tp, new KafkaDispatcher.PartitionState()));
              context.runOnContext(v -> assigned.tryComplete());
            }
          });
      while (running) {
        commitAsync();
        flowControl();
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(50));
        if (!records.isEmpty()) {
          take(records);
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
      commitSync(partitions.keySet());
      forget(List.copyOf(partitions.keySet()));
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.warn("topic={} group={} consumer close failed: {}", topic, group, e.toString());
      }
      stopped.tryComplete();
    }
  }

  /** Tracks a poll's records per partition and hands them to the dispatcher in one hop. */
  private void take(ConsumerRecords<String, byte[]> records) {
    List<KafkaDispatcher.Item> batch = new ArrayList<>(records.count());
    for (TopicPartition tp : records.partitions()) {
      KafkaDispatcher.PartitionState state = partitions.get(tp);
      if (state == null) {
        continue; // revoked between fetch and here: the new owner reads it
      }
      for (ConsumerRecord<String, byte[]> rec : records.records(tp)) {
        KafkaDispatcher.Item item =
            new KafkaDispatcher.Item(
                state, tp.partition() + "/" + (rec.key() == null ? "" : rec.key()), rec.offset());
        item.event = decode(tp, rec);
        state.pending.add(item);
        if (item.event == null) {
          item.done = true;
        } else {
          batch.add(item);
        }
      }
    }
    if (!batch.isEmpty()) {
      outstanding.addAndGet(batch.size());
      context.runOnContext(v -> dispatcher.submit(batch));
    }
  }

  /** Pauses fetching while too many records wait for their handlers; resumes at half. */
  private void flowControl() {
    int n = outstanding.get();
    if (!fetchPaused && n >= MAX_OUTSTANDING) {
      consumer.pause(consumer.assignment());
      fetchPaused = true;
    } else if (fetchPaused && n < MAX_OUTSTANDING / 2) {
      consumer.resume(consumer.paused());
      fetchPaused = false;
    }
  }

  /** The offset to commit for each partition whose handled prefix grew since the last commit. */
  private Map<TopicPartition, OffsetAndMetadata> advanced(Collection<TopicPartition> which) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : which) {
      KafkaDispatcher.PartitionState s = partitions.get(tp);
      if (s == null) {
        continue;
      }
      long next = -1;
      while (!s.pending.isEmpty() && s.pending.peek().done) {
        next = s.pending.poll().offset + 1;
      }
      if (next >= 0) {
        out.put(tp, new OffsetAndMetadata(next));
      }
    }
    return out;
  }

  /**
   * Commits asynchronously, off the hot path; a lost async commit only means redelivery of handled
   * records (handlers are idempotent).
   */
  private void commitAsync() {
    Map<TopicPartition, OffsetAndMetadata> offsets = advanced(partitions.keySet());
    if (!offsets.isEmpty()) {
      consumer.commitAsync(
          offsets,
          (o, e) -> {
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

  private void commitSync(Collection<TopicPartition> which) {
    Map<TopicPartition, OffsetAndMetadata> offsets = advanced(which);
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets, Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warn(
          "topic={} group={} commit failed; handled events may be redelivered: {}",
          topic,
          group,
          e.toString());
    }
  }

  /** Drops partitions this member no longer owns; their queued records are not handled here. */
  private void forget(Collection<TopicPartition> gone) {
    List<KafkaDispatcher.PartitionState> states = new ArrayList<>();
    for (TopicPartition tp : gone) {
      KafkaDispatcher.PartitionState s = partitions.remove(tp);
      if (s != null) {
        s.revoked = true;
        states.add(s);
      }
    }
    if (!states.isEmpty()) {
      context.runOnContext(v -> dispatcher.purge());
    }
  }

  /**
   * A record that can never decode would block the partition forever: it is logged whole and counts
   * as handled. Returns null for it.
   */
  private PacerEvent decode(TopicPartition tp, ConsumerRecord<String, byte[]> rec) {
    try {
      return EventCodec.decode(rec.value());
    } catch (EventCodec.EventDecodingException e) {
      LOG.error(
          "topic={} partition={} offset={} skipped: {} payload={}",
          topic,
          tp.partition(),
          rec.offset(),
          e.getMessage(),
          rec.value() == null
              ? "null"
              : new String(rec.value(), java.nio.charset.StandardCharsets.UTF_8));
      return null;
    }
  }
}

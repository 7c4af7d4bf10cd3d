package dev.pacer.common.events;

import dev.pacer.common.retry.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded backbone: in process, bounded, at least once. Each consumer group has its own queue
 * of at most {@code capacity} events; a publisher whose event does not fit waits (its future stays
 * pending) until the slowest group makes room. An event leaves a group's queue only after a handler
 * succeeded on it; a failure redelivers the same event after a backoff. Events with the same key
 * are handled one at a time, in order (a failed one holds back the later ones of its key); events
 * with different keys are handled concurrently, at most {@code maxInFlight} at once per group.
 * Events published to a topic before any group subscribed are kept for the first group, the newest
 * {@code capacity} of them: a topic no group in this process reads never blocks publishers. Each
 * event goes through its JSON wire form on publish ({@link EventCodec}), so consumers see exactly
 * what they would see on Kafka: no object of the producer's, numbers and times as JSON gives them.
 */
public final class LocalEventBackbone implements EventBackbone {
  private static final Logger LOG = LoggerFactory.getLogger(LocalEventBackbone.class);

  private final Vertx vertx;
  private final int capacity;
  private final int maxInFlight;
  private final Backoff redelivery;
  private final Map<String, Topic> topics = new HashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean closed;

  public LocalEventBackbone(Vertx vertx, int capacity, int maxInFlight, Backoff redelivery) {
    if (capacity < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("capacity and maxInFlight must be at least 1");
    }
    this.vertx = vertx;
    this.capacity = capacity;
    this.maxInFlight = maxInFlight;
    this.redelivery = redelivery;
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> publish(String topic, String key, PacerEvent event) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("event backbone is closed"));
    }
    // What Kafka's consumers get: the event as it comes back from its JSON, never the producer's
    // own objects, so a consumer that works here works on Kafka too.
    PacerEvent wire;
    try {
      wire = EventCodec.decode(EventCodec.encode(event));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Keyed keyed = new Keyed(key == null ? "" : key, wire);
    Promise<Void> accepted = Promise.promise();
    List<Group> ready;
    synchronized (this) {
      Topic t = topics.computeIfAbsent(topic, Topic::new);
      if (t.groups.isEmpty()) {
        // Kept for a group that subscribes later (start order), like a topic's retention: the
        // newest `capacity` events. A topic nobody in this process reads (pacer.actions without a
        // slack-notifier) must never make its publishers wait.
        if (t.backlog.size() >= capacity) {
          t.backlog.poll();
          t.dropped++;
        }
        t.backlog.add(keyed);
        return Future.succeededFuture();
      }
      if (t.hasRoom() && t.waiting.isEmpty()) {
        t.groups.values().forEach(g -> g.add(keyed));
        accepted.complete();
      } else {
        t.waiting.add(new Waiting(keyed, accepted));
      }
      ready = new ArrayList<>(t.groups.values());
    }
    ready.forEach(this::dispatch);
    return accepted.future();
  }

  @Override
  public Future<Subscription> subscribe(String topic, String group, EventHandler handler) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("event backbone is closed"));
    }
    Context context = vertx.getOrCreateContext();
    Member member = new Member(handler, context);
    Group g;
    synchronized (this) {
      Topic t = topics.computeIfAbsent(topic, Topic::new);
      g = t.groups.get(group);
      if (g == null) {
        g = new Group(t, group);
        t.backlog.forEach(g::add);
        t.groups.put(group, g);
        if (t.groups.size() == 1) {
          t.backlog.clear();
          admitWaiting(t);
        }
      }
      g.members.add(member);
    }
    Group subscribed = g;
    dispatch(subscribed);
    return Future.succeededFuture(
        () -> {
          synchronized (LocalEventBackbone.this) {
            subscribed.members.remove(member);
          }
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<Void> ping() {
    return closed ? Future.failedFuture("event backbone is closed") : Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    closed = true;
    return Future.succeededFuture();
  }

  /** Events handled successfully so far, over all groups. */
  public long deliveredCount() {
    return delivered.get();
  }

  /** Starts the head event of every ready key, while the group has room in flight. */
  private void dispatch(Group g) {
    List<Start> starts = new ArrayList<>();
    synchronized (this) {
      while (!closed && g.running < maxInFlight && g.queues.hasReady() && !g.members.isEmpty()) {
        String key = g.queues.nextReady();
        g.running++;
        starts.add(
            new Start(key, g.queues.head(key), g.members.get(g.nextMember++ % g.members.size())));
      }
    }
    starts.forEach(s -> s.member.context.runOnContext(v -> handle(g, s)));
  }

  private void handle(Group g, Start s) {
    EventHandler.call(s.member.handler, s.event)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                delivered.incrementAndGet();
                synchronized (LocalEventBackbone.this) {
                  g.running--;
                  g.queues.succeeded(s.key);
                  admitWaiting(g.topic);
                }
                dispatch(g);
                return;
              }
              int attempt;
              synchronized (LocalEventBackbone.this) {
                g.running--;
                attempt = g.queues.failed(s.key);
              }
              LOG.warn(
                  "topic={} group={} {} type={} handler failed (attempt {}), redelivering: {}",
                  g.topic.name,
                  g.name,
                  LogKeys.of(s.event),
                  s.event.type(),
                  attempt,
                  ar.cause().toString());
              vertx.setTimer(
                  redelivery.delayMillis(attempt),
                  t -> {
                    synchronized (LocalEventBackbone.this) {
                      g.queues.retry(s.key);
                    }
                    dispatch(g);
                  });
              // Other keys go on meanwhile.
              dispatch(g);
            });
  }

  /** Moves waiting publishers' events in while every group has room. Caller holds the lock. */
  private void admitWaiting(Topic t) {
    boolean admitted = false;
    while (!t.waiting.isEmpty() && t.hasRoom()) {
      Waiting w = t.waiting.poll();
      t.groups.values().forEach(g -> g.add(w.event));
      vertx.runOnContext(v -> w.accepted.complete());
      admitted = true;
    }
    if (admitted) {
      t.groups.values().forEach(g -> vertx.runOnContext(v -> dispatch(g)));
    }
  }

  private record Keyed(String key, PacerEvent event) {}

  private record Waiting(Keyed event, Promise<Void> accepted) {}

  private record Member(EventHandler handler, Context context) {}

  private record Start(String key, PacerEvent event, Member member) {}

  private final class Topic {
    final String name;
    final Map<String, Group> groups = new HashMap<>();
    final ArrayDeque<Keyed> backlog = new ArrayDeque<>();
    long dropped;
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    Topic(String name) {
      this.name = name;
    }

    boolean hasRoom() {
      return groups.values().stream().allMatch(g -> g.queues.size() < capacity);
    }
  }

  /** A group's events in {@link KeyedQueues}, and its members. All under the backbone's lock. */
  private static final class Group {
    final Topic topic;
    final String name;
    final KeyedQueues<PacerEvent> queues = new KeyedQueues<>();
    final List<Member> members = new ArrayList<>();
    int running;
    int nextMember;

    Group(Topic topic, String name) {
      this.topic = topic;
      this.name = name;
    }

    void add(Keyed k) {
      queues.add(k.key, k.event);
    }
  }
}

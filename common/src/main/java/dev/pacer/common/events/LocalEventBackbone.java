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
 * succeeded on it; a failure redelivers the same event after a backoff, so order within a group is
 * kept. Events published to a topic before any group subscribed are kept for the first group, the
 * newest {@code capacity} of them: a topic no group in this process reads never blocks publishers.
 */
public final class LocalEventBackbone implements EventBackbone {
  private static final Logger LOG = LoggerFactory.getLogger(LocalEventBackbone.class);

  private final Vertx vertx;
  private final int capacity;
  private final Backoff redelivery;
  private final Map<String, Topic> topics = new HashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean closed;

  public LocalEventBackbone(Vertx vertx, int capacity, Backoff redelivery) {
    this.vertx = vertx;
    this.capacity = capacity;
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
        t.backlog.add(event);
        return Future.succeededFuture();
      }
      boolean fits = t.groups.values().stream().allMatch(g -> g.queue.size() < capacity);
      if (fits && t.waiting.isEmpty()) {
        t.groups.values().forEach(g -> g.queue.add(event));
        accepted.complete();
      } else {
        t.waiting.add(new Waiting(event, accepted));
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
        g.queue.addAll(t.backlog);
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

  private void dispatch(Group g) {
    PacerEvent event;
    Member member;
    synchronized (this) {
      if (closed || g.busy || g.queue.isEmpty() || g.members.isEmpty()) {
        return;
      }
      g.busy = true;
      event = g.queue.peek();
      member = g.members.get(g.nextMember++ % g.members.size());
    }
    member.context.runOnContext(
        v -> {
          Future<Void> result;
          try {
            result = member.handler.handle(event);
            if (result == null) {
              result = Future.failedFuture("handler returned no future");
            }
          } catch (RuntimeException e) {
            result = Future.failedFuture(e);
          }
          result.onComplete(
              ar -> {
                if (ar.succeeded()) {
                  delivered.incrementAndGet();
                  synchronized (LocalEventBackbone.this) {
                    g.queue.poll();
                    g.attempts = 0;
                    g.busy = false;
                    admitWaiting(g.topic);
                  }
                  dispatch(g);
                } else {
                  int attempt;
                  synchronized (LocalEventBackbone.this) {
                    attempt = ++g.attempts;
                  }
                  LOG.warn(
                      "topic={} group={} event={} type={} subject={} handler failed (attempt {}), redelivering: {}",
                      g.topic.name,
                      g.name,
                      event.id(),
                      event.type(),
                      event.subject(),
                      attempt,
                      ar.cause().toString());
                  vertx.setTimer(
                      redelivery.delayMillis(attempt),
                      t -> {
                        synchronized (LocalEventBackbone.this) {
                          g.busy = false;
                        }
                        dispatch(g);
                      });
                }
              });
        });
  }

  /** Moves waiting publishers' events in while every group has room. Caller holds the lock. */
  private void admitWaiting(Topic t) {
    boolean admitted = false;
    while (!t.waiting.isEmpty()
        && t.groups.values().stream().allMatch(g -> g.queue.size() < capacity)) {
      Waiting w = t.waiting.poll();
      t.groups.values().forEach(g -> g.queue.add(w.event));
      vertx.runOnContext(v -> w.accepted.complete());
      admitted = true;
    }
    if (admitted) {
      t.groups.values().forEach(g -> vertx.runOnContext(v -> dispatch(g)));
    }
  }

  private record Waiting(PacerEvent event, Promise<Void> accepted) {}

  private record Member(EventHandler handler, Context context) {}

  private static final class Topic {
    final String name;
    final Map<String, Group> groups = new HashMap<>();
    final ArrayDeque<PacerEvent> backlog = new ArrayDeque<>();
    long dropped;
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    Topic(String name) {
      this.name = name;
    }
  }

  private static final class Group {
    final Topic topic;
    final String name;
    final ArrayDeque<PacerEvent> queue = new ArrayDeque<>();
    final List<Member> members = new ArrayList<>();
    boolean busy;
    int attempts;
    int nextMember;

    Group(Topic topic, String name) {
      this.topic = topic;
      this.name = name;
    }
  }
}

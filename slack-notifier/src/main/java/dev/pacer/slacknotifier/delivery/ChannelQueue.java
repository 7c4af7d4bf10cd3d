package dev.pacer.slacknotifier.delivery;

import dev.pacer.slacknotifier.format.Messages;
import dev.pacer.slacknotifier.plan.Op;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's delivery: a bounded queue sent in order, one call at a time, at most one message
 * every {@code min-interval}. A 429 waits its {@code Retry-After} and sends the same message again;
 * 5xx and network errors are retried with backoff up to {@code max-backoff}, for as long as the
 * message is queued, so a Slack outage delays messages and loses none. Permanent errors drop the
 * message and are reported once. Every state of a message is sent while the channel keeps up; once
 * {@value #COALESCE_DEPTH} or more are waiting, an update of a message that is still queued
 * replaces it in place (only the newest state is sent). When the queue is full, the oldest
 * low-priority message is dropped (else the oldest message), counted, and the next message sent to
 * the channel says so.
 *
 * <p>Every method runs on the one Vert.x context that created it; the Slack call itself runs on a
 * worker thread.
 */
final class ChannelQueue {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelQueue.class);
  private static final int REMEMBERED = 5_000;

  /** From this many waiting, an update replaces the queued state of its message. */
  static final int COALESCE_DEPTH = 10;

  private static final String NOTE = "dropped note";

  private final String channel;
  private final SlackSink sink;
  private final Vertx vertx;
  private final DeliverySettings settings;
  private final Deque<Op> pending = new ArrayDeque<>();
  private final Map<String, Outcome.Posted> posted =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Outcome.Posted> e) {
          return size() > REMEMBERED;
        }
      };
  private final Map<String, Integer> droppedByKind = new TreeMap<>();
  private final Map<String, Integer> unsaidByKind = new TreeMap<>();
  private final Map<String, Integer> stats = new LinkedHashMap<>();
  private final java.util.Set<String> reported = new java.util.HashSet<>();
  private boolean busy;
  private boolean closed;
  // the Slack call in flight (or the last one), which a stop waits for
  private Future<Outcome> call = Future.succeededFuture();
  private dev.pacer.common.time.Scheduler.Timer timer;
  private int attempts;
  private int droppedUnsaid;
  private final java.util.function.Consumer<String> counted;

  /** What {@link #count} counts: every message's fate, per channel in /status. */
  static final java.util.List<String> RESULTS =
      java.util.List.of(
          "sent", "updated", "replaced", "dropped", "failed", "retried", "rate-limited");

  private String lastError = "";
  private Instant lastErrorAt;

  ChannelQueue(
      String channel,
      SlackSink sink,
      Vertx vertx,
      DeliverySettings settings,
      java.util.function.Consumer<String> counted) {
    this.counted = counted;
    this.channel = channel;
    this.sink = sink;
    this.vertx = vertx;
    this.settings = settings;
    for (String k : RESULTS) {
      stats.put(k, 0);
    }
  }

  void offer(Op op) {
    if (op.kind() == Op.Kind.UPDATE && pending.size() >= COALESCE_DEPTH) {
      Op inFlight = busy ? pending.peekFirst() : null;
      for (Iterator<Op> it = pending.descendingIterator(); it.hasNext(); ) {
        Op q = it.next();
        if (q == inFlight) {
          break; // being sent: the update must follow it
        }
        if (q.kind() != Op.Kind.REPLY && op.key().equals(q.key())) {
          replace(q, q.withMessage(op.message()));
          count("replaced");
          pump();
          return;
        }
      }
    }
    pending.addLast(op);
    while (pending.size() > settings.capacity() && drop()) {
      // dropped one
    }
    pump();
  }

  int depth() {
    return pending.size();
  }

  boolean idle() {
    return pending.isEmpty() && !busy && droppedUnsaid == 0;
  }

  Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("queued", pending.size());
    s.putAll(stats);
    if (!droppedByKind.isEmpty()) {
      s.put("dropped-by-kind", Map.copyOf(droppedByKind));
    }
    if (!lastError.isEmpty()) {
      s.put("last-error", lastError);
      s.put("last-error-at", String.valueOf(lastErrorAt));
    }
    return s;
  }

  /**
   * Stops sending: nothing more is sent; the call in flight, if any, is waited for (a stop within
   * the shutdown's step timeout), so it never completes after the process's event loops are gone.
   */
  Future<Void> close() {
    closed = true;
    if (timer != null) {
      timer.cancel();
    }
    return call.<Void>mapEmpty().otherwiseEmpty();
  }

  private void replace(Op old, Op now) {
    Deque<Op> copy = new ArrayDeque<>(pending.size());
    for (Op q : pending) {
      copy.addLast(q == old ? now : q);
    }
    pending.clear();
    pending.addAll(copy);
  }

  /** Drops the oldest low-priority op, else the oldest that is not being sent; false if none. */
  private boolean drop() {
    Op inFlight = busy ? pending.peekFirst() : null;
    Op victim = null;
    for (Op q : pending) {
      if (q.lowPriority() && q != inFlight) {
        victim = q;
        break;
      }
    }
    if (victim == null) {
      // the oldest that is neither being sent nor the note about earlier drops
      for (Op q : pending) {
        if (q != inFlight && !NOTE.equals(q.category())) {
          victim = q;
          break;
        }
      }
    }
    if (victim == null) {
      return false; // only the note and the message being sent: nothing can go
    }
    pending.remove(victim);
    droppedUnsaid++;
    droppedByKind.merge(victim.category(), 1, Integer::sum);
    unsaidByKind.merge(victim.category(), 1, Integer::sum);
    count("dropped");
    if (reported.add("dropped")) {
      LOG.warn(
          "slack channel {}: queue full ({} messages), dropping {} first (counted in /status)",
          channel,
          settings.capacity(),
          victim.lowPriority() ? "low-priority messages" : "the oldest messages");
    }
    return true;
  }

  private void pump() {
    if (closed || busy || timer != null || (pending.isEmpty() && droppedUnsaid == 0)) {
      return;
    }
    Op op;
    // The note goes before the next message, but never ahead of one being retried.
    if (droppedUnsaid > 0 && (attempts == 0 || pending.isEmpty())) {
      op = Op.post(null, Messages.dropped(droppedUnsaid, unsaidByKind), false, NOTE);
      droppedUnsaid = 0;
      unsaidByKind.clear();
      pending.addFirst(op);
    } else {
      op = pending.peekFirst();
    }
    busy = true;
    Outcome.Posted target = op.key() == null ? null : posted.get(op.key());
    call = vertx.executeBlocking(() -> call(op, target), false);
    call.onComplete(
        ar -> {
          busy = false;
          Outcome o =
              ar.succeeded() ? ar.result() : new Outcome.Transient(String.valueOf(ar.cause()));
          handled(op, o);
        });
  }

  private Outcome call(Op op, Outcome.Posted target) {
    boolean inPlace = sink.updatesInPlace() && target != null;
    return switch (op.kind()) {
      case POST -> sink.post(channel, op.message(), null);
      case UPDATE ->
          inPlace
              ? sink.update(target.channelId(), target.ts(), op.message())
              : sink.post(channel, op.message(), null);
      case REPLY -> sink.post(channel, op.message(), inPlace ? target.ts() : null);
    };
  }

  private void handled(Op op, Outcome o) {
    Duration next = settings.minInterval();
    if (o instanceof Outcome.Posted p) {
      pending.remove(op);
      attempts = 0;
      if (op.kind() == Op.Kind.POST && op.key() != null
          || op.kind() == Op.Kind.UPDATE && !posted.containsKey(op.key())) {
        posted.put(op.key(), p); // an update posted anew: later updates go to this one
      }
      count(op.kind() == Op.Kind.UPDATE ? "updated" : "sent");
    } else if (o instanceof Outcome.RateLimited r) {
      count("rate-limited");
      next = r.retryAfter().compareTo(next) > 0 ? r.retryAfter() : next;
    } else if (o instanceof Outcome.Transient t) {
      attempts++;
      count("retried");
      long secs = Math.min(settings.maxBackoff().toSeconds(), 1L << Math.min(attempts - 1, 20));
      next = Duration.ofSeconds(Math.max(1, secs));
      error("unavailable: " + t.reason(), attempts == 1 || attempts % 10 == 0);
    } else if (o instanceof Outcome.Permanent p) {
      pending.remove(op);
      attempts = 0;
      count("failed");
      error(p.error(), reported.add(p.error()));
    } else if (o instanceof Outcome.Refused r) {
      pending.remove(op);
      attempts = 0;
      count("failed");
      error(r.error() + " (" + op.category() + ")", true);
    }
    timer =
        settings
            .scheduler()
            .after(
                next,
                () -> {
                  timer = null;
                  pump();
                });
  }

  private void error(String what, boolean log) {
    lastError = what;
    lastErrorAt = settings.scheduler().now();
    if (log) {
      LOG.error("slack channel {}: {}", channel, what);
    }
  }

  private void count(String k) {
    stats.merge(k, 1, Integer::sum);
    counted.accept(k);
  }
}

package dev.pacer.common.journal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The journal in memory: per subject, at most {@code perSubject} entries (the oldest go first) and
 * none older than {@code retention} (by the injected clock). An entry whose event was recorded
 * already is not recorded again. Thread-safe: daemons record on their contexts, the admin API reads
 * on its own.
 */
public final class Journal {
  private final int perSubject;
  private final Duration retention;
  private final Clock clock;
  private final Map<String, Deque<JournalEntry>> bySubject = new HashMap<>();
  private final Set<String> eventIds = new HashSet<>();
  private long size;
  private static final int LATEST = 50;
  // the last entries recorded, of any subject: the status page's "latest decisions"
  private final Deque<JournalEntry> latest = new ArrayDeque<>();

  public Journal(int perSubject, Duration retention, Clock clock) {
    if (perSubject < 1) {
      throw new IllegalArgumentException("perSubject must be at least 1, got " + perSubject);
    }
    this.perSubject = perSubject;
    this.retention = retention;
    this.clock = clock;
  }

  /** Records an entry; false when its event is recorded already or it is older than retention. */
  public synchronized boolean record(JournalEntry e) {
    Instant oldest = clock.instant().minus(retention);
    if (e.at().isBefore(oldest)) {
      return false;
    }
    String id = e.key() + "#" + e.eventId();
    if (!e.eventId().isEmpty() && !eventIds.add(id)) {
      return false;
    }
    Deque<JournalEntry> d = bySubject.computeIfAbsent(e.key(), k -> new ArrayDeque<>());
    // entries arrive in time order but for the odd late one: keep each timeline ordered
    if (d.isEmpty() || !e.at().isBefore(d.peekLast().at())) {
      d.addLast(e);
    } else {
      List<JournalEntry> all = new ArrayList<>(d);
      int i = all.size();
      while (i > 0 && all.get(i - 1).at().isAfter(e.at())) {
        i--;
      }
      all.add(i, e);
      d.clear();
      d.addAll(all);
    }
    size++;
    latest.addLast(e);
    if (latest.size() > LATEST) {
      latest.removeFirst();
    }
    while (d.size() > perSubject) {
      forget(d.removeFirst());
    }
    expire(d, oldest);
    return true;
  }

  /** The last entries recorded, of any subject, newest first (at most 50). */
  public synchronized List<JournalEntry> latest(int limit) {
    List<JournalEntry> out = new ArrayList<>(Math.min(limit, latest.size()));
    var it = latest.descendingIterator();
    while (it.hasNext() && out.size() < limit) {
      out.add(it.next());
    }
    return out;
  }

  /** The subject's entries, newest first, at most {@code limit}. */
  public synchronized List<JournalEntry> timeline(String kind, String subject, int limit) {
    Deque<JournalEntry> d = bySubject.get(kind + ":" + subject);
    if (d == null) {
      return List.of();
    }
    expire(d, clock.instant().minus(retention));
    List<JournalEntry> out = new ArrayList<>(Math.min(limit, d.size()));
    Iterator<JournalEntry> it = d.descendingIterator();
    while (it.hasNext() && out.size() < limit) {
      out.add(it.next());
    }
    return out;
  }

  /** Every entry still within the bounds, oldest first per subject: what a compaction keeps. */
  public synchronized List<JournalEntry> all() {
    Instant oldest = clock.instant().minus(retention);
    List<JournalEntry> out = new ArrayList<>();
    for (Deque<JournalEntry> d : bySubject.values()) {
      expire(d, oldest);
      out.addAll(d);
    }
    out.sort(java.util.Comparator.comparing(JournalEntry::at));
    return out;
  }

  /** Drops what is older than retention everywhere (a periodic sweep). */
  public synchronized void expireAll() {
    Instant oldest = clock.instant().minus(retention);
    bySubject.values().forEach(d -> expire(d, oldest));
    bySubject.values().removeIf(Deque::isEmpty);
  }

  public synchronized long size() {
    return size;
  }

  public synchronized int subjects() {
    return bySubject.size();
  }

  private void expire(Deque<JournalEntry> d, Instant oldest) {
    while (!d.isEmpty() && d.peekFirst().at().isBefore(oldest)) {
      forget(d.removeFirst());
    }
  }

  private void forget(JournalEntry e) {
    size--;
    if (!e.eventId().isEmpty()) {
      eventIds.remove(e.key() + "#" + e.eventId());
    }
  }
}

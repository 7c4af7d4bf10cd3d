package dev.pacer.common.events;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The ordering rule both backbones share: one queue per key, handled head first, and a list of the
 * keys whose head may start now (not running, not backing off). A key's next item becomes ready
 * only when its head succeeded, so one key's items are handled one at a time and in order while
 * different keys go side by side. Not thread-safe: each backbone guards it its own way.
 */
final class KeyedQueues<T> {
  private final Map<String, ArrayDeque<T>> byKey = new HashMap<>();
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private final Map<String, Integer> attempts = new HashMap<>();
  private int size;

  void add(String key, T item) {
    ArrayDeque<T> q = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
    if (q.isEmpty()) {
      ready.add(key);
    }
    q.add(item);
    size++;
  }

  /** Items queued, heads included. */
  int size() {
    return size;
  }

  boolean hasReady() {
    return !ready.isEmpty();
  }

  /** The next key whose head may start, taken off the ready list; null when none. */
  String nextReady() {
    return ready.poll();
  }

  /** The key's head, or null. */
  T head(String key) {
    ArrayDeque<T> q = byKey.get(key);
    return q == null ? null : q.peek();
  }

  /** The head succeeded: drop it and make the key's next item ready. */
  void succeeded(String key) {
    attempts.remove(key);
    dropHead(key);
    if (byKey.containsKey(key)) {
      ready.add(key);
    }
  }

  /** The head failed; returns how many times in a row. Call {@link #retry} when it may go again. */
  int failed(String key) {
    return attempts.merge(key, 1, Integer::sum);
  }

  void retry(String key) {
    ready.add(key);
  }

  /** Drops the head without handling it (it is no longer ours); the key is not made ready. */
  void dropHead(String key) {
    ArrayDeque<T> q = byKey.get(key);
    if (q == null || q.poll() == null) {
      return;
    }
    size--;
    if (q.isEmpty()) {
      byKey.remove(key);
      attempts.remove(key);
    }
  }

  /** Removes queued items (never a head, which may be running) that match; returns how many. */
  int removeQueuedIf(Predicate<T> drop) {
    int removed = 0;
    for (ArrayDeque<T> q : byKey.values()) {
      T head = q.peek();
      int before = q.size();
      q.removeIf(item -> item != head && drop.test(item));
      removed += before - q.size();
    }
    size -= removed;
    return removed;
  }
}

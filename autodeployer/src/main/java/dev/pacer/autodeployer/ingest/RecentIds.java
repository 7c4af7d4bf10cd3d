package dev.pacer.autodeployer.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} event ids seen, oldest forgotten first: drops the registry's duplicate
 * deliveries (it retries an event until a 2xx, so a slow answer means a second copy). Forgetting is
 * safe, since deploys are idempotent; this only saves the work. Thread-safe.
 */
public final class RecentIds {
  private final int capacity;
  private final Map<String, Boolean> ids;

  public RecentIds(int capacity) {
    this.capacity = capacity;
    this.ids =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RecentIds.this.capacity;
          }
        };
  }

  public synchronized boolean contains(String id) {
    return ids.containsKey(id);
  }

  public synchronized void add(String id) {
    if (capacity > 0) {
      ids.put(id, Boolean.TRUE);
    }
  }
}

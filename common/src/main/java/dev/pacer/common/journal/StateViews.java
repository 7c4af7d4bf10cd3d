package dev.pacer.common.journal;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The present state of each app and pool, as the daemons of this process see it: each daemon adds a
 * part (the autoscaler {@code autoscale}, the autodeployer {@code autodeploy}, the pauses {@code
 * pause}; the agent-scaler a pool's). The timelines carry it as {@code state}, {@code pacer
 * explain} says it, and the status page lists it. A part is read from the HTTP server's thread, as
 * {@code /status} is.
 */
public final class StateViews {
  /** One daemon's view: the state of one subject (empty when it has none), and its subjects. */
  public interface Part {
    Map<String, Object> of(String id);

    Collection<String> ids();
  }

  private final Map<String, Part> apps = new ConcurrentHashMap<>();
  private final Map<String, Part> pools = new ConcurrentHashMap<>();

  public void app(String part, Part view) {
    apps.put(part, view);
  }

  public void pool(String part, Part view) {
    pools.put(part, view);
  }

  /** An app's state: each part that has it, by the part's name. */
  public Map<String, Object> app(String id) {
    return of(apps, id);
  }

  /** A pool's state: the parts merged (one daemon, the agent-scaler, has pools). */
  public Map<String, Object> pool(String id) {
    Map<String, Object> out = new TreeMap<>();
    pools.values().forEach(p -> out.putAll(p.of(id)));
    return out;
  }

  /** Every app some part has, sorted. */
  public TreeSet<String> appIds() {
    return ids(apps);
  }

  public TreeSet<String> poolIds() {
    return ids(pools);
  }

  /** Whether a part of this name is there: {@code autoscale} only when the autoscaler runs. */
  public boolean hasApp(String part) {
    return apps.containsKey(part);
  }

  private static Map<String, Object> of(Map<String, Part> parts, String id) {
    Map<String, Object> out = new TreeMap<>();
    parts.forEach(
        (name, p) -> {
          Map<String, Object> s = p.of(id);
          if (s != null && !s.isEmpty()) {
            out.put(name, s);
          }
        });
    return out;
  }

  private static TreeSet<String> ids(Map<String, Part> parts) {
    TreeSet<String> out = new TreeSet<>();
    parts.values().forEach(p -> out.addAll(p.ids()));
    return out;
  }

  /** A part from two functions. */
  public static Part part(
      java.util.function.Function<String, Map<String, Object>> of,
      Supplier<Collection<String>> ids) {
    return new Part() {
      @Override
      public Map<String, Object> of(String id) {
        return of.apply(id);
      }

      @Override
      public Collection<String> ids() {
        return ids.get();
      }
    };
  }
}

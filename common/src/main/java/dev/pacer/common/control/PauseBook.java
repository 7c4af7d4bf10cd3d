package dev.pacer.common.control;

import dev.pacer.common.events.types.EventTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pauses in force, one per scope, as the {@code pacer.control} events say. Applying an event is
 * idempotent, so a replayed topic or a redelivered event changes nothing: an end ({@code resumed},
 * {@code expired}) removes a scope's pause only if it is the pause that event ends (same {@code
 * at}), so a late end never lifts a newer pause. Thread-safe.
 */
public final class PauseBook implements PauseView {

  private final Map<String, Pause> byScope = new ConcurrentHashMap<>();

  /** Applies one control event; says whether the book changed. */
  public boolean apply(String type, Pause pause) {
    return switch (type) {
      case EventTypes.PAUSED -> !pause.equals(byScope.put(pause.scope(), pause));
      case EventTypes.RESUMED, EventTypes.EXPIRED -> {
        Pause current = byScope.get(pause.scope());
        yield current != null
            && current.at().equals(pause.at())
            && byScope.remove(pause.scope(), current);
      }
      default -> false;
    };
  }

  @Override
  public java.util.Set<String> quarantinedDigests(String appId) {
    java.util.Set<String> out = new java.util.HashSet<>();
    String prefix = Pause.QUARANTINE_PREFIX + appId + "@";
    byScope.keySet().stream()
        .filter(s -> s.startsWith(prefix))
        .forEach(s -> out.add(s.substring(prefix.length())));
    return out;
  }

  @Override
  public Optional<Pause> quarantined(String appId, String digest) {
    if (digest == null || digest.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(byScope.get(Pause.quarantineScope(appId, digest)));
  }

  @Override
  public Optional<Pause> freezing(String appId, Instant now) {
    Pause own = byScope.get(Pause.DEPLOYS_PREFIX + appId);
    if (own != null && own.activeAt(now)) {
      return Optional.of(own);
    }
    Pause all = byScope.get(Pause.DEPLOYS_GLOBAL);
    return all != null && all.activeAt(now) ? Optional.of(all) : Optional.empty();
  }

  @Override
  public Optional<Pause> covering(String appId, Instant now) {
    Pause own = byScope.get(appId);
    if (own != null && own.activeAt(now)) {
      return Optional.of(own);
    }
    Pause global = byScope.get(Pause.GLOBAL);
    return global != null && global.activeAt(now) ? Optional.of(global) : Optional.empty();
  }

  /**
   * The pause covering each app now (its own, else the global one), for the timelines and the
   * status page: {@code describe}, with the pause's fields.
   */
  public dev.pacer.common.journal.StateViews.Part appView(java.time.Clock clock) {
    return dev.pacer.common.journal.StateViews.part(
        id -> covering(id, clock.instant()).map(Pause::view).orElse(java.util.Map.of()), List::of);
  }

  @Override
  public List<Pause> scoped(String prefix) {
    return byScope.values().stream()
        .filter(p -> p.scope().startsWith(prefix))
        .sorted(Comparator.comparing(Pause::at).thenComparing(Pause::scope))
        .toList();
  }

  @Override
  public Optional<Pause> get(String scope) {
    return Optional.ofNullable(byScope.get(scope));
  }

  /** Every pause held, the global one first, then by scope. */
  public List<Pause> all() {
    List<Pause> l = new ArrayList<>(byScope.values());
    l.sort(Comparator.comparing((Pause p) -> !p.global()).thenComparing(Pause::scope));
    return l;
  }

  /** Every pause the book would hold after {@code type} of {@code pause}; the book is unchanged. */
  public List<Pause> after(String type, Pause pause) {
    PauseBook next = new PauseBook();
    next.byScope.putAll(byScope);
    next.apply(type, pause);
    return next.all();
  }

  /** Pauses whose time is up at {@code now}. */
  public List<Pause> due(Instant now) {
    return all().stream().filter(p -> !p.activeAt(now)).toList();
  }
}

package dev.pacer.autodeployer.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apps to consider for a push, looked up by repository, so the cost of a push does not grow
 * with the number of apps: patterns with an exact repository live in a hash map; only patterns with
 * a glob in the repository ({@code acme/*:master*}) are scanned, and there are few. Immutable: a
 * change builds a new index (copy on write), so readers never lock.
 */
public final class AppIndex {
  private final Map<String, WatchedApp> byApp;
  private final Map<String, List<WatchedApp>> byRepository;
  private final List<WatchedApp> globRepositories;

  private AppIndex(Map<String, WatchedApp> byApp) {
    this.byApp = byApp;
    Map<String, List<WatchedApp>> repos = new HashMap<>();
    List<WatchedApp> globs = new ArrayList<>();
    for (WatchedApp w : byApp.values()) {
      ImagePattern p = w.policy().pattern();
      if (p.exactRepository()) {
        repos.computeIfAbsent(p.repository(), k -> new ArrayList<>()).add(w);
      } else {
        globs.add(w);
      }
    }
    this.byRepository = repos;
    this.globRepositories = List.copyOf(globs);
  }

  public static AppIndex of(List<WatchedApp> apps) {
    Map<String, WatchedApp> m = new LinkedHashMap<>();
    apps.forEach(a -> m.put(a.appId(), a));
    return new AppIndex(m);
  }

  public static AppIndex empty() {
    return new AppIndex(new LinkedHashMap<>());
  }

  public AppIndex with(WatchedApp app) {
    Map<String, WatchedApp> m = new LinkedHashMap<>(byApp);
    m.put(app.appId(), app);
    return new AppIndex(m);
  }

  public AppIndex without(String appId) {
    if (!byApp.containsKey(appId)) {
      return this;
    }
    Map<String, WatchedApp> m = new LinkedHashMap<>(byApp);
    m.remove(appId);
    return new AppIndex(m);
  }

  /** Every app whose pattern matches the push, in a stable order. */
  public List<WatchedApp> matching(String host, String repository, String tag) {
    List<WatchedApp> out = new ArrayList<>();
    for (WatchedApp w : byRepository.getOrDefault(repository, List.of())) {
      if (w.policy().pattern().matches(host, repository, tag)) {
        out.add(w);
      }
    }
    for (WatchedApp w : globRepositories) {
      if (w.policy().pattern().matches(host, repository, tag)) {
        out.add(w);
      }
    }
    return out;
  }

  /** The app's entry, or null when it is not watched. */
  public WatchedApp get(String appId) {
    return byApp.get(appId);
  }

  public List<WatchedApp> apps() {
    return List.copyOf(byApp.values());
  }

  public int size() {
    return byApp.size();
  }
}

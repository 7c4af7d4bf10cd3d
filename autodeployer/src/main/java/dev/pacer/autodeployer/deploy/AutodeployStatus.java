package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.plan.LaneState;
import dev.pacer.autodeployer.policy.WatchedApp;
import java.util.LinkedHashMap;
import java.util.Map;

/** The autodeployer's part of {@code /status}: watched apps (the first 100), lanes, skips. */
final class AutodeployStatus {
  private AutodeployStatus() {}

  static Map<String, Object> of(AppWatcher watcher, Map<String, LaneState> lanes) {
    Map<String, Object> s = new LinkedHashMap<>();
    var apps = watcher.index().apps();
    s.put("watched", apps.size());
    Map<String, Object> perApp = new LinkedHashMap<>();
    for (WatchedApp w : apps.subList(0, Math.min(100, apps.size()))) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("pattern", w.policy().pattern().text());
      LaneState lane = lanes.get(w.appId());
      if (lane != null) {
        a.putAll(lane.status());
      }
      perApp.put(w.appId(), a);
    }
    s.put("apps", perApp);
    if (apps.size() > 100) {
      s.put("apps-not-shown", apps.size() - 100);
    }
    s.put("skipped", watcher.skipped());
    s.put("in-flight", lanes.values().stream().filter(LaneState::busy).count());
    s.put("waiting-for-tag", lanes.values().stream().filter(l -> l.checking() != null).count());
    s.put("retrying", lanes.values().stream().filter(l -> l.retrying() != null).count());
    s.put("queued", lanes.values().stream().filter(l -> l.queued() != null).count());
    return s;
  }
}

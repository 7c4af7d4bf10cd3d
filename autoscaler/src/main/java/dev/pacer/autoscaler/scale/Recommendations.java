package dev.pacer.autoscaler.scale;

import dev.pacer.autoscaler.plan.ScaleInput.Recommended;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Each app's recent recommendations, for its stabilization windows; kept only as long as its longer
 * window, and not at all without one. In memory, as HPA keeps them: after a restart the windows
 * fill again (until then they hold less back). Used on the autoscaler's event loop only.
 */
final class Recommendations {
  private final Map<String, ArrayDeque<Recommended>> byApp = new HashMap<>();

  List<Recommended> history(String appId, AutoscalePolicy policy, Instant now) {
    ArrayDeque<Recommended> q = byApp.get(appId);
    if (q == null) {
      return List.of();
    }
    Instant from = now.minus(policy.stabilization());
    while (!q.isEmpty() && !q.peekFirst().at().isAfter(from)) {
      q.pollFirst();
    }
    return List.copyOf(q);
  }

  void add(String appId, AutoscalePolicy policy, Instant now, OptionalInt recommended) {
    if (policy.stabilization().isZero()) {
      byApp.remove(appId);
      return;
    }
    if (recommended.isPresent()) {
      byApp
          .computeIfAbsent(appId, k -> new ArrayDeque<>())
          .addLast(new Recommended(now, recommended.getAsInt()));
    }
  }

  void retain(Set<String> appIds) {
    byApp.keySet().retainAll(appIds);
  }
}

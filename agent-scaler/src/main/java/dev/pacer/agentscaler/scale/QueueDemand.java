package dev.pacer.agentscaler.scale;

import dev.pacer.agentscaler.PoolConfig;
import dev.pacer.common.marathon.QueuedApp;
import dev.pacer.common.mesos.Resources;
import java.util.List;

/**
 * The resources of what Marathon waits to place ({@code GET /v2/queue}: {@code count} × the app's
 * cpus, mem and disk) that a pool should make room for: apps whose constraints name the pool's
 * attribute and value (such as {@code ["pool", "LIKE", "scaling"]}), and apps with no constraint on
 * that attribute, which go to pools that have a cloud group (they are the ones that can grow).
 */
final class QueueDemand {
  private QueueDemand() {}

  static Resources forPool(List<QueuedApp> queue, PoolConfig p) {
    Resources sum = Resources.ZERO;
    for (QueuedApp q : queue) {
      if (q.count() <= 0 || !lands(q, p)) {
        continue;
      }
      sum =
          sum.plus(new Resources(q.cpus() * q.count(), q.mem() * q.count(), q.disk() * q.count()));
    }
    return sum;
  }

  private static boolean lands(QueuedApp q, PoolConfig p) {
    boolean constrained = false;
    for (List<String> rule : q.constraints()) {
      if (!rule.isEmpty() && p.attribute().equals(rule.get(0))) {
        constrained = true;
        if (rule.size() >= 3 && rule.get(2).contains(p.value())) {
          return true;
        }
      }
    }
    return !constrained && p.hasProvider();
  }
}

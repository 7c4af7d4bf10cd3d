package dev.pacer.agentscaler.scale;

import dev.pacer.agentscaler.PoolConfig;
import dev.pacer.agentscaler.mesos.Resources;
import dev.pacer.common.json.JsonLists;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The resources of what Marathon waits to place ({@code GET /v2/queue}: {@code count} × the app's
 * cpus, mem and disk) that a pool should make room for: apps whose constraints name the pool's
 * attribute and value (such as {@code ["pool", "LIKE", "scaling"]}), and apps with no constraint on
 * that attribute, which go to pools that have a cloud group (they are the ones that can grow).
 */
final class QueueDemand {
  private QueueDemand() {}

  static Resources forPool(JsonObject queue, PoolConfig p) {
    Resources sum = Resources.ZERO;
    for (JsonObject entry : JsonLists.objects(queue, "queue")) {
      if (!(entry.getValue("app") instanceof JsonObject app)) {
        continue;
      }
      int count = entry.getInteger("count", 0);
      if (count <= 0 || !lands(app, p)) {
        continue;
      }
      sum =
          sum.plus(
              new Resources(
                  app.getDouble("cpus", 0.0) * count,
                  app.getDouble("mem", 0.0) * count,
                  app.getDouble("disk", 0.0) * count));
    }
    return sum;
  }

  private static boolean lands(JsonObject app, PoolConfig p) {
    boolean constrained = false;
    for (Object c : JsonLists.array(app, "constraints")) {
      if (c instanceof JsonArray rule
          && rule.size() >= 1
          && p.attribute().equals(rule.getValue(0))) {
        constrained = true;
        if (rule.size() >= 3 && String.valueOf(rule.getValue(2)).contains(p.value())) {
          return true;
        }
      }
    }
    return !constrained && p.hasProvider();
  }
}

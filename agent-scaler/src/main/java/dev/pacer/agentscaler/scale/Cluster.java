package dev.pacer.agentscaler.scale;

import dev.pacer.agentscaler.drain.Drains;
import dev.pacer.common.json.JsonLists;
import dev.pacer.common.mesos.Agent;
import dev.pacer.common.mesos.MesosState;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one agent-scaler cycle read of the cluster, once for every pool: Mesos's state (and the
 * agents in it), the maintenance schedule and its status, and Marathon's launch queue.
 */
record Cluster(
    Map<String, Object> state,
    List<Agent> agents,
    JsonObject schedule,
    JsonObject status,
    List<dev.pacer.common.marathon.QueuedApp> queue) {

  /** The agents are read out of the state once per cycle, for every pool. */
  static Cluster of(
      Map<String, Object> state,
      JsonObject schedule,
      JsonObject status,
      List<dev.pacer.common.marathon.QueuedApp> queue) {
    return new Cluster(state, MesosState.agents(state), schedule, status, queue);
  }

  /** The machines Mesos has down, as {@link Drains#key} keys. */
  Set<String> down() {
    Set<String> d = new HashSet<>();
    for (JsonObject m : JsonLists.objects(status, "down_machines")) {
      d.add(Drains.key(m.getString("hostname", ""), m.getString("ip", "")));
    }
    return d;
  }
}

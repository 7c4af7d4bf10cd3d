package dev.pacer.agentscaler.scale;

import dev.pacer.common.mesos.Agent;
import dev.pacer.common.mesos.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a pool's {@code /status} and the status page show besides its decision. Pure. */
final class PoolViews {
  private PoolViews() {}

  /** Each resource's free fraction of what the serving agents offer (0 when they offer none). */
  static Map<String, Object> freeFractions(Resources total, Resources used) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("cpus", fraction(total.cpus(), used.cpus()));
    f.put("mem", fraction(total.mem(), used.mem()));
    f.put("disk", fraction(total.disk(), used.disk()));
    return f;
  }

  private static double fraction(double total, double used) {
    return total <= 0 ? 0 : Math.round((total - used) / total * 1000) / 1000.0;
  }

  /** The agents in maintenance, each with the tasks it still runs and the stage of its drain. */
  static List<Map<String, Object>> draining(List<Agent> agents) {
    return agents.stream()
        .filter(Agent::draining)
        .map(
            a -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("hostname", a.hostname());
              m.put("tasks", a.tasks());
              m.put("stage", a.tasks() == 0 ? "drained, to be terminated" : "moving tasks");
              return m;
            })
        .toList();
  }
}

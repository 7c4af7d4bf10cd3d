package dev.pacer.collector.read;

import dev.pacer.collector.plan.MarathonTask;
import dev.pacer.collector.plan.MarathonTaskIds;
import dev.pacer.collector.plan.PoolUsage;
import dev.pacer.common.json.JsonLists;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the collector reads of the leading master's {@code /master/state} (decoded): the framework
 * named {@code frameworkName} (Marathon's) and its live tasks with their apps and executors, the
 * agents and where each listens (from its {@code pid}, {@code slave(1)@ip:port}), and each pool's
 * allocation by the agents' {@code poolAttribute}. Empty lists may be absent, as Mesos writes them.
 */
public record ClusterState(
    String frameworkId,
    List<MarathonTask> tasks,
    List<AgentStatistics.Agent> agents,
    List<PoolUsage> pools) {

  public static ClusterState of(
      Map<String, Object> state, String frameworkName, String poolAttribute) {
    String frameworkId = "";
    List<MarathonTask> tasks = new ArrayList<>();
    for (Object f : JsonLists.list(state, "frameworks")) {
      if (!(f instanceof Map<?, ?> fw) || !frameworkName.equals(str(fw.get("name")))) {
        continue;
      }
      frameworkId = str(fw.get("id"));
      for (Object t : JsonLists.list(fw, "tasks")) {
        if (!(t instanceof Map<?, ?> task) || !live(str(task.get("state")))) {
          continue;
        }
        String id = str(task.get("id"));
        Optional<String> app = MarathonTaskIds.appId(id);
        if (app.isEmpty()) {
          continue;
        }
        String executor = str(task.get("executor_id"));
        tasks.add(
            new MarathonTask(
                id, app.get(), str(task.get("slave_id")), executor.isEmpty() ? id : executor));
      }
    }
    List<AgentStatistics.Agent> agents = new ArrayList<>();
    Map<String, double[]> pools = new TreeMap<>();
    for (Object o : JsonLists.list(state, "slaves")) {
      if (!(o instanceof Map<?, ?> s)) {
        continue;
      }
      String pid = str(s.get("pid"));
      int at = pid.indexOf('@');
      String hostPort = at < 0 ? "" : pid.substring(at + 1);
      String name = str(s.get("hostname"));
      if (!hostPort.isEmpty()) {
        agents.add(new AgentStatistics.Agent(str(s.get("id")), name, "http://" + hostPort));
      }
      if (s.get("attributes") instanceof Map<?, ?> attrs && attrs.get(poolAttribute) != null) {
        double[] p =
            pools.computeIfAbsent(String.valueOf(attrs.get(poolAttribute)), k -> new double[4]);
        p[0] += num(s.get("resources"), "cpus");
        p[1] += num(s.get("used_resources"), "cpus");
        p[2] += num(s.get("resources"), "mem");
        p[3] += num(s.get("used_resources"), "mem");
      }
    }
    List<PoolUsage> usage = new ArrayList<>();
    pools.forEach((name, p) -> usage.add(new PoolUsage(name, p[0], p[1], p[2], p[3])));
    return new ClusterState(frameworkId, tasks, agents, usage);
  }

  private static boolean live(String state) {
    return state.equals("TASK_RUNNING") || state.equals("TASK_KILLING");
  }

  private static double num(Object resources, String key) {
    return resources instanceof Map<?, ?> m && m.get(key) instanceof Number n ? n.doubleValue() : 0;
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}

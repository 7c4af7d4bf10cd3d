package dev.pacer.common.mesos;

import dev.pacer.common.json.JsonLists;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the agents out of {@code GET /master/state} (decoded JSON): {@code slaves[]} with their
 * attributes, {@code resources} and {@code used_resources}, {@code active}, {@code deactivated} and
 * {@code drain_info}, and the running tasks of every framework counted per agent. Pure.
 */
public final class MesosState {
  private MesosState() {}

  public static List<Agent> agents(Map<String, Object> state) {
    Map<String, Integer> tasks = tasksPerAgent(state);
    List<Agent> out = new ArrayList<>();
    for (Object o : JsonLists.list(state, "slaves")) {
      if (!(o instanceof Map<?, ?> s)) {
        continue;
      }
      String id = str(s.get("id"));
      Map<String, String> attrs = new HashMap<>();
      if (s.get("attributes") instanceof Map<?, ?> a) {
        a.forEach((k, v) -> attrs.put(String.valueOf(k), stringOf(v)));
      }
      String drain = s.get("drain_info") instanceof Map<?, ?> d ? str(d.get("state")) : "";
      out.add(
          new Agent(
              id,
              str(s.get("hostname")),
              ipOf(str(s.get("pid"))),
              attrs,
              Resources.of(s.get("resources")),
              Resources.of(s.get("used_resources")),
              !Boolean.FALSE.equals(s.get("active")),
              Boolean.TRUE.equals(s.get("deactivated")),
              drain,
              tasks.getOrDefault(id, 0)));
    }
    return out;
  }

  /** The ids of the live tasks on {@code agentId}, of every framework. */
  public static List<String> taskIds(Map<String, Object> state, String agentId) {
    List<String> ids = new ArrayList<>();
    for (Object f : JsonLists.list(state, "frameworks")) {
      if (f instanceof Map<?, ?> fw) {
        for (Object t : JsonLists.list(fw, "tasks")) {
          if (t instanceof Map<?, ?> task
              && agentId.equals(str(task.get("slave_id")))
              && isLive(str(task.get("state")))) {
            ids.add(str(task.get("id")));
          }
        }
      }
    }
    return ids;
  }

  /** {@code slave(1)@10.0.0.5:5051} → {@code 10.0.0.5}. */
  static String ipOf(String pid) {
    int at = pid.indexOf('@');
    int colon = pid.lastIndexOf(':');
    return at < 0 || colon < at ? "" : pid.substring(at + 1, colon);
  }

  private static Map<String, Integer> tasksPerAgent(Map<String, Object> state) {
    Map<String, Integer> n = new HashMap<>();
    for (Object f : JsonLists.list(state, "frameworks")) {
      if (f instanceof Map<?, ?> fw) {
        for (Object t : JsonLists.list(fw, "tasks")) {
          if (t instanceof Map<?, ?> task && isLive(str(task.get("state")))) {
            n.merge(str(task.get("slave_id")), 1, Integer::sum);
          }
        }
      }
    }
    return n;
  }

  private static boolean isLive(String state) {
    return state.equals("TASK_RUNNING")
        || state.equals("TASK_STAGING")
        || state.equals("TASK_STARTING")
        || state.equals("TASK_KILLING");
  }

  /** A SCALAR attribute is a number in the JSON; 2.0 reads as "2". */
  private static String stringOf(Object v) {
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      return String.valueOf(num.longValue());
    }
    return String.valueOf(v);
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}

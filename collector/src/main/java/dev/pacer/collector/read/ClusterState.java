package dev.pacer.collector.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pacer.collector.plan.MarathonTask;
import dev.pacer.collector.plan.MarathonTaskIds;
import dev.pacer.collector.plan.PoolUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the collector reads of the leading master's {@code /master/state}: the framework named
 * {@code frameworkName} (Marathon's) and its live tasks with their apps and executors, the agents
 * and where each listens (from its {@code pid}, {@code slave(1)@ip:port}), and each pool's
 * allocation by the agents' {@code poolAttribute}. Read in one streaming pass that skips the rest
 * (a cluster's state is megabytes); an absent list is empty, as Mesos leaves empty lists out.
 */
public record ClusterState(
    String frameworkId,
    List<MarathonTask> tasks,
    List<AgentStatistics.Agent> agents,
    List<PoolUsage> pools) {

  private static final JsonFactory JSON = new JsonFactory();

  /** One framework's id, name and live tasks, before its name says whether it is Marathon. */
  private record Framework(String id, String name, List<String[]> tasks) {}

  public static ClusterState parse(byte[] state, String frameworkName, String poolAttribute)
      throws IOException {
    List<Framework> frameworks = new ArrayList<>();
    List<AgentStatistics.Agent> agents = new ArrayList<>();
    Map<String, double[]> pools = new TreeMap<>();
    try (JsonParser p = JSON.createParser(state)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals("frameworks") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            frameworks.add(framework(p));
          }
        } else if (field.equals("slaves") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            agent(p, poolAttribute, agents, pools);
          }
        } else {
          p.skipChildren();
        }
      }
    }
    String frameworkId = "";
    List<MarathonTask> tasks = new ArrayList<>();
    for (Framework f : frameworks) {
      if (!frameworkName.equals(f.name())) {
        continue;
      }
      frameworkId = f.id();
      for (String[] task : f.tasks()) { // id, executor id, agent id
        Optional<String> app = MarathonTaskIds.appId(task[0]);
        if (app.isPresent()) {
          tasks.add(
              new MarathonTask(task[0], app.get(), task[2], task[1].isEmpty() ? task[0] : task[1]));
        }
      }
    }
    List<PoolUsage> usage = new ArrayList<>();
    pools.forEach((name, u) -> usage.add(new PoolUsage(name, u[0], u[1], u[2], u[3])));
    return new ClusterState(frameworkId, tasks, agents, usage);
  }

  private static Framework framework(JsonParser p) throws IOException {
    String id = "";
    String name = "";
    List<String[]> tasks = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("id") && t == JsonToken.VALUE_STRING) {
        id = p.getText();
      } else if (field.equals("name") && t == JsonToken.VALUE_STRING) {
        name = p.getText();
      } else if (field.equals("tasks") && t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          String[] task = task(p);
          if (task != null) {
            tasks.add(task);
          }
        }
      } else {
        p.skipChildren();
      }
    }
    return new Framework(id, name, tasks);
  }

  /** {@code {id, executor id, agent id}} of a live task; null for another state. */
  private static String[] task(JsonParser p) throws IOException {
    String[] task = {"", "", ""};
    String state = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t != JsonToken.VALUE_STRING) {
        p.skipChildren();
        continue;
      }
      switch (field) {
        case "id" -> task[0] = p.getText();
        case "executor_id" -> task[1] = p.getText();
        case "slave_id" -> task[2] = p.getText();
        case "state" -> state = p.getText();
        default -> {}
      }
    }
    boolean live = state.equals("TASK_RUNNING") || state.equals("TASK_KILLING");
    return live && !task[0].isEmpty() ? task : null;
  }

  private static void agent(
      JsonParser p,
      String poolAttribute,
      List<AgentStatistics.Agent> agents,
      Map<String, double[]> pools)
      throws IOException {
    String id = "";
    String hostname = "";
    String pid = "";
    String pool = null;
    double[] total = {0, 0};
    double[] used = {0, 0};
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_STRING && field.equals("id")) {
        id = p.getText();
      } else if (t == JsonToken.VALUE_STRING && field.equals("hostname")) {
        hostname = p.getText();
      } else if (t == JsonToken.VALUE_STRING && field.equals("pid")) {
        pid = p.getText();
      } else if (t == JsonToken.START_OBJECT && field.equals("attributes")) {
        pool = attribute(p, poolAttribute);
      } else if (t == JsonToken.START_OBJECT && field.equals("resources")) {
        cpusAndMem(p, total);
      } else if (t == JsonToken.START_OBJECT && field.equals("used_resources")) {
        cpusAndMem(p, used);
      } else {
        p.skipChildren();
      }
    }
    int at = pid.indexOf('@');
    if (at >= 0 && at < pid.length() - 1) {
      agents.add(new AgentStatistics.Agent(id, hostname, "http://" + pid.substring(at + 1)));
    }
    if (pool != null) {
      double[] u = pools.computeIfAbsent(pool, k -> new double[4]);
      u[0] += total[0];
      u[1] += used[0];
      u[2] += total[1];
      u[3] += used[1];
    }
  }

  /** The value of {@code name} among the attributes (a SCALAR 2.0 as "2"), or null. */
  private static String attribute(JsonParser p, String name) throws IOException {
    String value = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals(name) && t.isScalarValue()) {
        if (t.isNumeric() && p.getDoubleValue() == Math.rint(p.getDoubleValue())) {
          value = String.valueOf((long) p.getDoubleValue());
        } else {
          value = p.getText();
        }
      } else {
        p.skipChildren();
      }
    }
    return value;
  }

  /** {@code cpus} and {@code mem} of a resources object into {@code into}. */
  private static void cpusAndMem(JsonParser p, double[] into) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t.isNumeric() && field.equals("cpus")) {
        into[0] = p.getDoubleValue();
      } else if (t.isNumeric() && field.equals("mem")) {
        into[1] = p.getDoubleValue();
      } else {
        p.skipChildren();
      }
    }
  }
}

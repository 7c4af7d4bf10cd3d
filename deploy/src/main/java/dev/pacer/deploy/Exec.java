package dev.pacer.deploy;

import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.deploy.sandbox.SandboxLogs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code pacer exec APP_ID -- CMD}: the seed's docker exec helper. The app's task (the one given,
 * else its newest running one) is found in Marathon, its agent and container in Mesos (the agent's
 * {@code /state}), and the command is {@code docker -H tcp://AGENT:PORT exec -it mesos-<container>
 * CMD...}: the Docker containerizer names each container {@code mesos-} and its Mesos container id.
 */
public final class Exec {
  private Exec() {}

  /** The docker command line for a task of the app; fails naming what was not found. */
  public static Future<List<String>> command(
      MarathonClient marathon,
      SandboxLogs mesos,
      String appId,
      Optional<String> taskId,
      int dockerPort,
      boolean tty,
      List<String> cmd) {
    String id = appId.startsWith("/") ? appId : "/" + appId;
    return marathon
        .appDefinition(id)
        .compose(
            app -> {
              if (app.isEmpty()) {
                return Future.failedFuture(
                    new IllegalArgumentException("no app " + id + " in Marathon"));
              }
              JsonArray tasks = app.get().getJsonArray("tasks", new JsonArray());
              Optional<JsonObject> task = pick(tasks, taskId);
              if (task.isEmpty()) {
                return Future.failedFuture(
                    new IllegalArgumentException(
                        taskId
                                .map(t -> "app " + id + " has no task " + t)
                                .orElse("app " + id + " has no running task")
                            + " (its tasks: "
                            + ids(tasks)
                            + ")"));
              }
              JsonObject t = task.get();
              return mesos
                  .sandbox(t.getString("slaveId"), t.getString("id"))
                  .map(
                      sb -> {
                        List<String> out = new ArrayList<>();
                        out.add("docker");
                        out.add("-H");
                        out.add("tcp://" + t.getString("host") + ":" + dockerPort);
                        out.add("exec");
                        out.add(tty ? "-it" : "-i");
                        out.add("mesos-" + sb.container());
                        out.addAll(cmd);
                        return out;
                      });
            });
  }

  static Optional<JsonObject> pick(JsonArray tasks, Optional<String> taskId) {
    List<JsonObject> all = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      all.add(tasks.getJsonObject(i));
    }
    if (taskId.isPresent()) {
      return all.stream().filter(t -> taskId.get().equals(t.getString("id"))).findFirst();
    }
    return all.stream()
        .filter(t -> "TASK_RUNNING".equals(t.getString("state", "TASK_RUNNING")))
        .max(Comparator.comparing(t -> t.getString("startedAt", "")));
  }

  private static String ids(JsonArray tasks) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      ids.add(
          tasks.getJsonObject(i).getString("id")
              + " "
              + tasks.getJsonObject(i).getString("state", ""));
    }
    return ids.isEmpty() ? "none" : String.join(", ", ids);
  }
}

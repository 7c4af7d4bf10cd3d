package dev.pacer.testkit.marathon;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The simulator's REST endpoints: which request goes to which part of {@link SimulatedMarathon}.
 */
final class SimRoutes {
  private SimRoutes() {}

  static SimResponse route(
      SimulatedMarathon state,
      HttpServerRequest req,
      String body,
      int port,
      JsonArray queue,
      java.util.function.BiConsumer<JsonObject, JsonObject> taskMoved) {
    String path = req.path();
    HttpMethod m = req.method();
    boolean force = "true".equals(req.getParam("force"));
    if (path.equals("/v2/leader") && m == HttpMethod.GET) {
      return SimResponse.json(200, new JsonObject().put("leader", "127.0.0.1:" + port));
    }
    if (path.equals("/v2/info") && m == HttpMethod.GET) {
      // as Marathon 1.x's InfoResource answers (a subset of marathon_config)
      return SimResponse.json(
          200,
          new JsonObject()
              .put("name", "marathon")
              .put("version", "1.10.19")
              .put("buildref", "8b37a5c0d0a5cd4ff2f05e2c2be1dfbd0e5bbbde")
              .put("elected", true)
              .put("leader", "127.0.0.1:" + port)
              .put("frameworkId", "20261203-000000-0000000000-0000-0000")
              .put(
                  "marathon_config",
                  new JsonObject()
                      .put("master", "zk://127.0.0.1:2181/mesos")
                      .put("ha", true)
                      .put("mesos_role", "*"))
              .put("http_config", new JsonObject().put("http_port", port).put("https_port", 8443)));
    }
    if (path.equals("/v2/deployments") && m == HttpMethod.GET) {
      return state.listDeployments();
    }
    if (path.startsWith("/v2/deployments/") && m == HttpMethod.DELETE) {
      return state.deleteDeployment(path.substring("/v2/deployments/".length()), force);
    }
    if (path.equals("/v2/queue") && m == HttpMethod.GET) {
      return SimResponse.json(200, new JsonObject().put("queue", queue.copy()));
    }
    if (path.equals("/v2/tasks/delete") && m == HttpMethod.POST) {
      if ("true".equals(req.getParam("scale"))) {
        return SimResponse.json(
            422,
            new JsonObject().put("message", "the simulator kills tasks with scale=false only"));
      }
      return state.killTasks(new JsonObject(body), taskMoved);
    }
    if (path.equals("/v2/apps") || path.equals("/v2/apps/")) {
      if (m == HttpMethod.GET) {
        return state.listApps(
            req.getParam("label"), req.getParam("id"), req.params().getAll("embed"));
      }
      if (m == HttpMethod.POST) {
        return state.create(new JsonObject(body));
      }
    }
    if (path.startsWith("/v2/apps/")) {
      String rest = path.substring("/v2/apps".length());
      if (m == HttpMethod.GET && rest.endsWith("/tasks")) {
        return state.tasks(rest.substring(0, rest.length() - "/tasks".length()));
      }
      if (m == HttpMethod.GET && rest.endsWith("/versions")) {
        return state.versions(rest.substring(0, rest.length() - "/versions".length()));
      }
      int v = rest.indexOf("/versions/");
      if (m == HttpMethod.GET && v > 0) {
        // Marathon (Jersey) decodes a percent-encoded path parameter.
        return state.version(
            rest.substring(0, v),
            java.net.URLDecoder.decode(
                rest.substring(v + "/versions/".length()), StandardCharsets.UTF_8));
      }
      if (m == HttpMethod.POST && rest.endsWith("/restart")) {
        return state.restart(rest.substring(0, rest.length() - "/restart".length()), force);
      }
      if (m == HttpMethod.GET) {
        return state.getApp(rest);
      }
      if (m == HttpMethod.PUT || m == HttpMethod.PATCH) {
        boolean partial = !"false".equals(req.getParam("partialUpdate"));
        return state.put(
            rest,
            new JsonObject(body),
            force,
            partial || m == HttpMethod.PATCH,
            m == HttpMethod.PATCH);
      }
      if (m == HttpMethod.DELETE) {
        return state.deleteApp(rest);
      }
    }
    return SimResponse.error(404, "no such endpoint: " + m + " " + path);
  }
}

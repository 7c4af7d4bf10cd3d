package dev.pacer.testkit.marathon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** App definitions as users write them, for seeding the simulator. */
public final class AppDefinitions {
  private AppDefinitions() {}

  /** A Docker app with a port mapping and a volume, the fields an image update must keep intact. */
  public static JsonObject docker(String id, String image, int instances, JsonObject labels) {
    return new JsonObject()
        .put("id", id)
        .put("instances", instances)
        .put("cpus", 0.5)
        .put("mem", 256)
        .put("labels", labels)
        .put(
            "container",
            new JsonObject()
                .put("type", "DOCKER")
                .put(
                    "docker",
                    new JsonObject()
                        .put("image", image)
                        .put("network", "BRIDGE")
                        .put("forcePullImage", true)
                        .put(
                            "portMappings",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("containerPort", 8080)
                                        .put("hostPort", 0)
                                        .put("servicePort", 10001)
                                        .put("protocol", "tcp")
                                        .put("name", "http"))))
                .put(
                    "volumes",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("containerPath", "/data")
                                .put("hostPath", "/srv/data")
                                .put("mode", "RW"))));
  }
}

package dev.pacer.launcher;

import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The labelled apps of the demo's sandbox cluster, written as users write them in git. */
final class DemoCluster {
  private DemoCluster() {}

  static void seed(MarathonSimulator marathon) {
    marathon.seedApp(
        app("/demo/web", "registry.example.com/acme/web:master-1a2b3c", 3)
            .put(
                "labels",
                new JsonObject()
                    .put("autodeploy", "acme/web:master*")
                    .put(
                        "autoscale",
                        "{ minInstances = 2, maxInstances = 8, cooldown = 300,"
                            + " scaleUpCooldown = 10, scaleDownCooldown = 10, window = 30s,"
                            + " aggregation = last, graphite ="
                            + " { target = \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 } }")
                    .put("slack.channel", "#deploys-web")));
    marathon.seedApp(
        app("/demo/api", "registry.example.com/acme/api:release-2.4.0", 2)
            .put(
                "labels",
                new JsonObject()
                    .put(
                        "autodeploy",
                        "{ image = \"acme/api:release-*\", rollback = true, pin-digest = true }")));
    marathon.seedApp(
        app("/demo/worker", "registry.example.com/acme/worker:master-9f8e7d", 1)
            .put(
                "labels",
                new JsonObject()
                    .put(
                        "autoscale",
                        "{ minInstances = 1, maxInstances = 5, cooldown = 60, window = 30s,"
                            + " graphite = { target = \"mesos.marathon.${id}.queue_depth\","
                            + " down = 10, up = 100 } }")));
  }

  static List<String> describe(MarathonSimulator marathon) {
    List<String> lines = new ArrayList<>();
    for (String id : marathon.appIds()) {
      JsonObject app = marathon.storedApp(id);
      lines.add(
          id
              + " image="
              + app.getJsonObject("container").getJsonObject("docker").getString("image")
              + " instances="
              + app.getInteger("instances")
              + " labels="
              + app.getJsonObject("labels").encode());
    }
    return lines;
  }

  private static JsonObject app(String id, String image, int instances) {
    return AppDefinitions.docker(id, image, instances, new JsonObject());
  }
}

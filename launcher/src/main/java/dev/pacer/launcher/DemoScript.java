package dev.pacer.launcher;

import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.testkit.RegistryEvents;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.Outcome;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintStream;
import java.util.UUID;

/**
 * What the demo plays, as the cluster's users and its registry would: a user scales an app, the
 * registry announces a push that the autodeployer deploys, and then a push whose deployment
 * Marathon fails, which the autodeployer rolls back.
 */
final class DemoScript {
  static final String REGISTRY = "registry.example.com";
  private final PacerRuntime rt;
  private final MarathonSimulator marathon;
  private final PrintStream out;
  private final int port;
  private final String webhookToken;
  private volatile boolean failNextApiDeploy;

  DemoScript(
      PacerRuntime rt, MarathonSimulator marathon, PrintStream out, int port, String webhookToken) {
    this.rt = rt;
    this.marathon = marathon;
    this.out = out;
    this.port = port;
    this.webhookToken = webhookToken;
  }

  void play() {
    rt.vertx()
        .setTimer(
            1500,
            t -> {
              out.println("demo: a user scales /demo/worker to 3 instances in Marathon");
              rt.marathon()
                  .scale("/demo/worker", 3, false)
                  .onSuccess(
                      d -> out.println("demo: Marathon started deployment " + d.deploymentId()))
                  .onFailure(e -> out.println("demo: scaling failed: " + e.getMessage()));
            });
    rt.vertx()
        .setTimer(
            5000,
            t ->
                push(
                    "acme/web",
                    "master-2d4e6f",
                    "the registry announces a push of "
                        + REGISTRY
                        + "/acme/web:master-2d4e6f (label acme/web:master*)"));
    rt.vertx()
        .setTimer(
            10000,
            t -> {
              failNextApiDeploy = true;
              marathon.deploymentOutcome(Outcome.FAILURE);
              push(
                  "acme/api",
                  "release-2.5.0",
                  "the registry announces a push of "
                      + REGISTRY
                      + "/acme/api:release-2.5.0, whose deployment Marathon will fail (label has rollback = true)");
            });
  }

  /** Marathon fails only the api's deployment; the rollback that follows must succeed. */
  void onAction(String type, String subject) {
    if (failNextApiDeploy && type.equals("pacer.deploy.started") && subject.equals("/demo/api")) {
      failNextApiDeploy = false;
      marathon.deploymentOutcome(Outcome.SUCCESS);
    }
    if (type.equals("pacer.deploy.rolled_back")) {
      out.println(
          "demo: done. Pacer keeps running: try curl http://127.0.0.1:"
              + port
              + "/status; Ctrl-C stops");
    }
  }

  private void push(String repository, String tag, String what) {
    out.println("demo: " + what);
    JsonObject event =
        RegistryEvents.tagPush(
            UUID.randomUUID().toString(),
            repository,
            tag,
            "sha256:" + UUID.randomUUID().toString().replace("-", ""),
            new JsonObject().put("host", REGISTRY).put("method", "PUT"));
    WebClient.create(rt.vertx())
        .post(port, "127.0.0.1", "/registry/events")
        .putHeader("Content-Type", "application/vnd.docker.distribution.events.v1+json")
        .bearerTokenAuthentication(webhookToken)
        .sendJsonObject(RegistryEvents.envelope(event))
        .onSuccess(
            r ->
                out.println(
                    "demo: webhook answered "
                        + r.statusCode()
                        + " "
                        + r.bodyAsString().replaceAll("\\s+", " ")))
        .onFailure(e -> out.println("demo: webhook failed: " + e.getMessage()));
  }
}

package dev.pacer.launcher;

import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.testkit.servers.Graphite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintStream;
import java.time.Instant;

/**
 * The autoscaler's part of the demo, played on a real Graphite: {@code /demo/web}'s CPU rises (it
 * scales up), a runbook pauses {@code /demo/worker} before its queue grows (it holds), then web's
 * CPU falls (it scales down once its 10 s down-cooldown has passed).
 */
final class DemoAutoscaleScript {
  private final PacerRuntime rt;
  private final Graphite graphite;
  private final PrintStream out;
  private final int port;
  private final String adminToken;
  private volatile boolean scaledUp;
  private volatile boolean done;

  DemoAutoscaleScript(
      PacerRuntime rt, Graphite graphite, PrintStream out, int port, String adminToken) {
    this.rt = rt;
    this.graphite = graphite;
    this.out = out;
    this.port = port;
    this.adminToken = adminToken;
  }

  void play() {
    rt.vertx()
        .setTimer(
            13_000,
            t -> {
              out.println("demo: Graphite: /demo/web's cpu_util rises to 0.9 (label: up = 0.7)");
              write("mesos.marathon.demo.web.cpu_util", 0.9);
            });
    rt.vertx()
        .setTimer(
            15_000,
            t -> {
              out.println(
                  "demo: a runbook pauses /demo/worker for 10m (pacer pause --app /demo/worker"
                      + " --for 10m), then its queue_depth rises to 500 (label: up = 100)");
              WebClient.create(rt.vertx())
                  .post(port, "127.0.0.1", "/pause")
                  .bearerTokenAuthentication(adminToken)
                  .sendJsonObject(
                      new JsonObject()
                          .put("scope", "/demo/worker")
                          .put("for", "10m")
                          .put("reason", "demo: a runbook holds the worker")
                          .put("who", "demo"))
                  .onSuccess(
                      r -> {
                        out.println("demo: POST /pause answered " + r.statusCode());
                        write("mesos.marathon.demo.worker.queue_depth", 500);
                      })
                  .onFailure(e -> out.println("demo: POST /pause failed: " + e.getMessage()));
            });
  }

  /** Web's CPU falls once it scaled up; the demo ends when it scaled down. */
  void onAction(String type, String subject, Object to) {
    if (!type.equals("pacer.scale.applied") || !subject.equals("/demo/web")) {
      return;
    }
    if (!scaledUp) {
      scaledUp = true;
      rt.vertx()
          .setTimer(
              3_000,
              t -> {
                out.println(
                    "demo: Graphite: /demo/web's cpu_util falls to 0.1 (label: down = 0.4,"
                        + " scaleDownCooldown = 10 s)");
                write("mesos.marathon.demo.web.cpu_util", 0.1);
              });
    } else if (!done) {
      done = true;
      out.println(
          "demo: autoscaling done: /demo/web went up, then down to "
              + to
              + " after its cooldown; /demo/worker held while paused");
    }
  }

  private void write(String path, double value) {
    long now = Instant.now().getEpochSecond();
    rt.vertx()
        .executeBlocking(
            () -> {
              graphite.sendLines(
                  path
                      + " "
                      + value
                      + " "
                      + (now - 10)
                      + "\n"
                      + path
                      + " "
                      + value
                      + " "
                      + now
                      + "\n");
              return null;
            })
        .onFailure(e -> out.println("demo: writing to Graphite failed: " + e.getMessage()));
  }
}

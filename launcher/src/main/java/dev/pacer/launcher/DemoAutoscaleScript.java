package dev.pacer.launcher;

import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.testkit.servers.Graphite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintStream;
import java.time.Instant;

/**
 * The autoscaler's part of the demo, played on a real Graphite: {@code /demo/web}'s CPU rises on
 * its Mesos agent and the collector measures it (it scales up), a runbook pauses {@code
 * /demo/worker} before its queue grows (it holds), then web's CPU falls (it scales down once its 10
 * s down-cooldown has passed; its 10 s up-cooldown keeps it from scaling up again on what was
 * measured before the load fell).
 */
final class DemoAutoscaleScript {
  private final PacerRuntime rt;
  private final Graphite graphite;
  private final PrintStream out;
  private final int port;
  private final String adminToken;
  private final DemoPoolScript pools;
  private volatile boolean scaledUp;
  private volatile boolean done;

  DemoAutoscaleScript(
      PacerRuntime rt,
      Graphite graphite,
      PrintStream out,
      int port,
      String adminToken,
      DemoPoolScript pools) {
    this.pools = pools;
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
              out.println(
                  "demo: /demo/web's 3 tasks now use 0.99 of their 1.1 cpus on their Mesos agent;"
                      + " the collector measures cpu_util 0.9 (label: up = 0.7)");
              pools.webLoad(0.99);
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
      // well within its 10 s scaleUpCooldown: the collector's next interval is all at the new load
      rt.vertx()
          .setTimer(
              500,
              t -> {
                out.println(
                    "demo: /demo/web's load falls to 0.11 of 1.1 cpus a task; the collector"
                        + " measures cpu_util 0.1 (label: down = 0.4, scaleDownCooldown = 10 s)");
                pools.webLoad(0.11);
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

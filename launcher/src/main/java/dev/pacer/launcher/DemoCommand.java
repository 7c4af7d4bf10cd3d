package dev.pacer.launcher;

import com.typesafe.config.ConfigFactory;
import dev.pacer.common.events.Topics;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.common.runtime.ProcessRunner;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.Graphite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code pacer demo}: the main job on the embedded default. Starts a simulated Marathon (testkit)
 * seeded with labelled apps, runs every daemon on the local backbone against it, prints what flows
 * through the backbone, and plays a user changing an app so there is something to see.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run Pacer against a sandbox cluster (simulated Marathon with labelled apps) on the local backbone.")
final class DemoCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  private final PrintStream out = System.out;
  private Graphite graphite;

  /** A real Graphite for the autoscaler, or null (said why) when it is not installed here. */
  private Graphite startGraphite() {
    try {
      Graphite g = Graphite.start();
      out.println("demo: Graphite (real carbon-cache + graphite-web) at " + g.url());
      return g;
    } catch (RuntimeException e) {
      out.println(
          "demo: no Graphite, so the autoscaler part is skipped: "
              + e.getMessage()
              + " (bin/pacer demo installs it)");
      return null;
    }
  }

  @Override
  public Integer call() throws Exception {
    Vertx sandboxVertx = Vertx.vertx();
    try {
      MarathonSimulator marathon =
          MarathonSimulator.start(sandboxVertx, Clock.systemUTC())
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      DemoCluster.seed(marathon);
      marathon.deploymentDuration(Duration.ofSeconds(2));
      out.println("demo: sandbox Marathon (simulated) at " + marathon.url() + " with apps:");
      DemoCluster.describe(marathon).forEach(line -> out.println("demo:   " + line));
      Map<String, String> overrides = new LinkedHashMap<>(config.overrides);
      overrides.put("pacer.marathon.urls", "[\"" + marathon.url() + "\"]");
      // each demo starts clean: a pause a previous demo set does not hold this one
      overrides.putIfAbsent(
          "pacer.state-dir", java.nio.file.Files.createTempDirectory("pacer-demo-").toString());
      DemoPoolScript pools =
          DemoPoolScript.start(sandboxVertx, out)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      overrides.putAll(pools.overrides());
      // the sandbox's AWS takes any credentials; a real cluster uses the SDK's default chain
      System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "demo"));
      System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "demo"));
      graphite = startGraphite();
      if (graphite != null) {
        overrides.put("pacer.autoscaler.graphite.url", graphite.url());
        // the collector measures the sandbox agents' CPU and writes it there
        overrides.put("pacer.collector.carbon", "127.0.0.1:" + graphite.linePort());
        // Pacer's own meters go to the same Graphite, as pacer.*
        overrides.putIfAbsent("pacer.metrics.graphite.enabled", "true");
        overrides.putIfAbsent("pacer.metrics.graphite.host", "127.0.0.1");
        overrides.putIfAbsent("pacer.metrics.graphite.port", String.valueOf(graphite.linePort()));
        out.println(
            "demo: Pacer reports its own metrics to that Graphite every "
                + overrides.getOrDefault("pacer.metrics.graphite.step", "2s")
                + " as pacer.* (and serves them at /metrics)");
      } else {
        overrides.put("pacer.autoscaler.enabled", "false");
        overrides.put("pacer.collector.enabled", "false");
      }
      int rc =
          ProcessRunner.run(
              config.fileOption(),
              overrides,
              ConfigFactory.parseResources("demo.conf"),
              Daemons.ALL,
              System.err,
              p -> narrate(p, marathon, pools));
      marathon.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      return rc;
    } finally {
      if (graphite != null) {
        graphite.close();
      }
      sandboxVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  private void narrate(PacerProcess process, MarathonSimulator marathon, DemoPoolScript pools) {
    var rt = process.runtime();
    int port = process.httpPort();
    DemoScript script =
        new DemoScript(
            rt,
            marathon,
            out,
            port,
            rt.config().raw().getString("pacer.autodeployer.webhook-token"));
    DemoAutoscaleScript autoscale =
        graphite == null
            ? null
            : new DemoAutoscaleScript(
                rt, graphite, out, port, rt.config().raw().getString("pacer.admin.token"), pools);
    out.println("demo: Pacer runs " + process.enabledDaemons() + " on the local event backbone");
    out.println(
        "demo: status page: http://127.0.0.1:"
            + port
            + "/  (open it: the decisions below appear there as they are made)");
    out.println("demo: admin API: http://127.0.0.1:" + port + "/status  /ready  /health  /metrics");
    out.println(
        "demo: events on "
            + Topics.MARATHON
            + ", "
            + Topics.ACTIONS
            + " and "
            + Topics.CONTROL
            + " are printed below, and the Slack messages the slack-notifier would post"
            + " ([slack #channel …]); Ctrl-C stops");
    for (String topic : new String[] {Topics.MARATHON, Topics.ACTIONS, Topics.CONTROL}) {
      rt.backbone()
          .subscribe(
              topic,
              "demo-console",
              e -> {
                out.println(
                    "demo: event "
                        + e.type()
                        + (e.subject().isEmpty() ? "" : " subject=" + e.subject())
                        + (topic.equals(Topics.MARATHON) ? "" : " " + e.data()));
                script.onAction(e.type(), e.subject());
                pools.onAction(e.type(), e.subject());
                if (autoscale != null) {
                  autoscale.onAction(e.type(), e.subject(), e.data().get("to"));
                }
                return Future.succeededFuture();
              });
    }
    script.play();
    if (autoscale != null) {
      autoscale.play();
    }
    DemoDeployScript.play(rt.vertx(), marathon, pools, out, Duration.ofSeconds(8));
  }
}

package dev.pacer.launcher;

import com.typesafe.config.ConfigFactory;
import dev.pacer.common.events.Topics;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.common.runtime.ProcessRunner;
import dev.pacer.testkit.marathon.MarathonSimulator;
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
      int rc =
          ProcessRunner.run(
              config.fileOption(),
              overrides,
              ConfigFactory.parseResources("demo.conf"),
              Daemons.ALL,
              System.err,
              p -> narrate(p, marathon));
      marathon.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      return rc;
    } finally {
      sandboxVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  private void narrate(PacerProcess process, MarathonSimulator marathon) {
    var rt = process.runtime();
    int port = process.httpPort();
    DemoScript script =
        new DemoScript(
            rt,
            marathon,
            out,
            port,
            rt.config().raw().getString("pacer.autodeployer.webhook-token"));
    out.println("demo: Pacer runs " + process.enabledDaemons() + " on the local event backbone");
    out.println("demo: admin API: http://127.0.0.1:" + port + "/status  /ready  /health  /metrics");
    out.println(
        "demo: events on "
            + Topics.MARATHON
            + " and "
            + Topics.ACTIONS
            + " are printed below; Ctrl-C stops");
    for (String topic : new String[] {Topics.MARATHON, Topics.ACTIONS}) {
      rt.backbone()
          .subscribe(
              topic,
              "demo-console",
              e -> {
                out.println(
                    "demo: event "
                        + e.type()
                        + (e.subject().isEmpty() ? "" : " subject=" + e.subject())
                        + (topic.equals(Topics.ACTIONS) ? " " + e.data() : ""));
                script.onAction(e.type(), e.subject());
                return Future.succeededFuture();
              });
    }
    script.play();
  }
}

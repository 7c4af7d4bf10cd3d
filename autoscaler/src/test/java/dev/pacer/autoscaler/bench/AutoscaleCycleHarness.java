package dev.pacer.autoscaler.bench;

import static dev.pacer.testkit.Await.result;

import dev.pacer.autoscaler.metrics.GraphiteMetricsSource;
import dev.pacer.autoscaler.scale.Autoscaler;
import dev.pacer.common.control.PauseView;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.events.LocalEventBackbone;
import dev.pacer.common.marathon.WebClientMarathonClient;
import dev.pacer.common.retry.Backoff;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testsupport.PacerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The autoscaler's cycle at size: the real Graphite reader against a real graphite-web, the
 * Marathon simulator holding N autoscaled apps, the cycle run directly. Reports Graphite requests
 * per cycle and wall time over several cycles. Args: [apps] [apps with a metric written]. {@code
 * bin/bench autoscale} runs 10,000 apps (1,000 with data) and 1,000 apps (all with data).
 */
public final class AutoscaleCycleHarness {
  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int withData = args.length > 1 ? Integer.parseInt(args[1]) : Math.min(apps, 1000);
    int cycles = 7;
    Vertx vertx = Vertx.vertx();
    try (Graphite graphite = Graphite.start()) {
      MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
      for (int i = 0; i < apps; i++) {
        marathon.seedApp(
            AppDefinitions.docker(
                "/bench/app" + i,
                "acme/app:1",
                3,
                new JsonObject()
                    .put(
                        "autoscale",
                        "{ minInstances = 1, maxInstances = 9, cooldown = 0, graphite = { target ="
                            + " \"mesos.marathon.${id}.cpu_util\", down = 0.4, up = 0.7 } }")));
      }
      writeMetrics(graphite, withData);
      WebClientMarathonClient client = PacerSettings.marathonClient(vertx, marathon.url());
      GraphiteMetricsSource source =
          new GraphiteMetricsSource(
              graphite.url(),
              100,
              4,
              Duration.ofSeconds(30),
              Duration.ofMinutes(2),
              Clock.systemUTC());
      LocalEventBackbone backbone =
          new LocalEventBackbone(
              vertx, 100_000, 64, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)));
      result(backbone.start());
      Autoscaler autoscaler =
          new Autoscaler(
              client,
              source,
              PauseView.NONE,
              new ActionPublisher(backbone, "bench", Clock.systemUTC()),
              new Autoscaler.Settings(true),
              () -> true,
              Clock.systemUTC(),
              new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
      List<Long> ms = new ArrayList<>();
      long requests = 0;
      int scaled = 0;
      for (int c = 0; c < cycles; c++) {
        Autoscaler.CycleReport r =
            result(
                Future.<Autoscaler.CycleReport>future(
                    p ->
                        vertx
                            .getOrCreateContext()
                            .runOnContext(v -> autoscaler.cycle().onComplete(p))),
                Duration.ofMinutes(2));
        ms.add(r.took().toMillis());
        requests = r.graphiteRequests();
        scaled = r.scaled();
        System.out.printf(
            "cycle %d: %d apps, %d graphite requests, %d ms, %d would scale (dry run), %d held%n",
            c + 1, r.apps(), r.graphiteRequests(), r.took().toMillis(), r.scaled(), r.held());
      }
      List<Long> sorted = new ArrayList<>(ms.subList(2, ms.size())); // the first two warm up
      Collections.sort(sorted);
      System.out.printf(
          "RESULT apps=%d with-data=%d graphite-requests/cycle=%d cycle-ms p50=%d max=%d (over %d"
              + " cycles after 2 warm-up) would-scale=%d%n",
          apps,
          withData,
          requests,
          sorted.get(sorted.size() / 2),
          sorted.get(sorted.size() - 1),
          sorted.size(),
          scaled);
      source.close();
      client.close();
      result(marathon.close());
    } finally {
      result(vertx.close());
    }
  }

  /** Two points for each of the first {@code n} apps, half hot, half calm. */
  static void writeMetrics(Graphite graphite, int n) {
    long now = Instant.now().getEpochSecond();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double v = i % 2 == 0 ? 0.9 : 0.55;
      lines
          .append("mesos.marathon.bench.app")
          .append(i)
          .append(".cpu_util ")
          .append(v)
          .append(' ')
          .append(now - 10)
          .append('\n');
      lines
          .append("mesos.marathon.bench.app")
          .append(i)
          .append(".cpu_util ")
          .append(v)
          .append(' ')
          .append(now)
          .append('\n');
      if (lines.length() > 64_000) {
        graphite.sendLines(lines.toString());
        lines.setLength(0);
      }
    }
    graphite.sendLines(lines.toString());
    if (n > 0) {
      // carbon creates whisper files at its own pace: wait until the last one is served
      graphite.awaitServed(
          "mesos.marathon.bench.app" + (n - 1) + ".cpu_util",
          (n - 1) % 2 == 0 ? 0.9 : 0.55,
          Duration.ofMinutes(5));
    }
    System.out.println("metrics for " + n + " apps readable in Graphite");
  }
}

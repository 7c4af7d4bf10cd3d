package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pacer demo} from the outside, as its user runs it: what it prints, its status page,
 * its metrics in Prometheus's text and in its real Graphite, and its stop within 5 s of SIGTERM.
 * Apart from {@code PacerJarIT} (same jar): it is the longest of the launcher's ITs, and a class of
 * its own runs beside the others.
 */
class DemoIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  @TempDir Path dir;

  @Test
  void theDemoSaysWhatItDoesAndExits0Within5sOfSigterm() throws Exception {
    Path out = dir.resolve("demo.out");
    Process p =
        PacerJarIT.start(
            List.of(ROOT.resolve("bin/pacer").toString(), "demo", "-D", "pacer.http.port=0"),
            out,
            dir.resolve("demo.err"));
    long sent;
    try {
      int port = PacerJarIT.awaitPort(out, "demo: admin API: http://127.0.0.1:(\\d+)/status");
      assertThat(Files.readString(out))
          .contains("demo: sandbox Marathon (simulated) at http://127.0.0.1:")
          .contains("/demo/web image=registry.example.com/acme/web:master-1a2b3c");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(Files.readString(out))
                      .contains(
                          "demo: event pacer.marathon.deployment_success subject=/demo/worker")
                      .contains("demo: event pacer.deploy.succeeded subject=/demo/web")
                      .contains("demo: event pacer.deploy.rolled_back subject=/demo/api")
                      .contains("demo: Graphite (real carbon-cache + graphite-web) at http://")
                      .containsPattern(
                          "demo: event pacer.scale.applied subject=/demo/web \\{instances=3, .*to=5")
                      .containsPattern(
                          "demo: event pacer.scale.held subject=/demo/worker .*hold=paused")
                      .containsPattern(
                          "demo: event pacer.scale.applied subject=/demo/web \\{instances=5, .*to=2")
                      .contains("demo: autoscaling done")
                      .contains("the collector measures cpu_util 0.9")
                      .containsPattern("\\[slack #deploys-web console-\\d+\\] Deploying /demo/web")
                      .containsPattern(
                          "\\[slack #deploys-web update of console-\\d+\\] Deployed /demo/web")
                      .contains("] Rolled back /demo/api to ")
                      .contains("] Image pushed: ")
                      .contains("demo: event pacer.agents.scaled_up subject=scaling")
                      .containsPattern("demo: scaling-4 \\(i-[0-9a-f]+\\) booted and registered")
                      .contains("demo: event pacer.agents.draining subject=scaling")
                      .contains("demo: event pacer.agents.terminated subject=scaling")
                      .contains("demo: agent pool done")
                      .contains("demo: pacer deploy exited 0 (0: deployed)")
                      .contains("shop: fatal: DB_URL is not set")
                      .contains("demo: pacer deploy exited 1 (1: failed;"));
      assertThat(PacerJarIT.get(port, "/status"))
          .contains(
              "\"autodeployer\"",
              "\"autoscaler\"",
              "\"agent-scaler\"",
              "\"slack-notifier\"",
              "\"connected\" : true");
      assertThat(PacerJarIT.httpStatus(port, "/ready")).isEqualTo(200);
      // the status page, whose URL the demo prints, tells the demo's story with the why of each
      assertThat(Files.readString(out))
          .contains("demo: status page: http://127.0.0.1:" + port + "/");
      assertThat(PacerJarIT.get(port, "/"))
          .contains("href=\"/ui/apps/demo/web\"")
          .contains("href=\"/ui/pools/scaling\"")
          .contains("<td class=\"scope\">/demo/worker</td>");
      assertThat(PacerJarIT.get(port, "/ui/apps/demo/web"))
          .containsPattern("scaled 3 → 5: 0.9 is above up 0.7 \\[0.9 in band 0.4–0.7")
          .containsPattern("scaled 5 → 2: 0.1 is below down 0.4")
          .contains("deployed registry.example.com/acme/web:master-2d4e6f");
      assertThat(PacerJarIT.get(port, "/ui/apps/demo/api"))
          .contains("It was rolled back at ")
          .contains("to registry.example.com/acme/api:release-2.4.0");
      assertThat(PacerJarIT.get(port, "/ui/pools/scaling"))
          .containsPattern("desired \\d+ → \\d+: free cpus")
          .containsPattern("draining scaling-\\d \\(i-[0-9a-f]+, \\d+ task\\(s\\)")
          .contains("chosen (idle)");
      everyListedMetricIsServedAndReachesGraphite(port, Files.readString(out));
    } finally {
      sent = System.nanoTime();
      p.destroy();
    }
    assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s of SIGTERM").isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
    String all = Files.readString(out);
    assertThat(all).contains("Pacer stopped");
    // from start to stop: no stack trace (the Graphite reporter's last report included)
    assertThat(all).doesNotContainPattern("(?m)^\\s+at [a-z]");
    // no Slack keys: the log says which to set
    assertThat(all)
        .contains("slack-notifier prints its messages (console mode): to post them to Slack, set");
  }

  /**
   * The meters the README lists, with what the demo did to them, in Prometheus's text at /metrics,
   * and as series in the demo's graphite-web (the reporter's prefix is {@code pacer}).
   */
  private static void everyListedMetricIsServedAndReachesGraphite(int port, String demoOut)
      throws Exception {
    String metrics = PacerJarIT.get(port, "/metrics");
    // the demo sends two tag pushes: web's deploys, api's fails and is rolled back
    assertThat(sample(metrics, "pacer_autodeployer_notifications_received_total")).isEqualTo(2);
    assertThat(sample(metrics, "pacer_autodeployer_notifications_total{result=\"accepted\"}"))
        .isEqualTo(2);
    assertThat(sample(metrics, "pacer_autodeployer_notifications_total{result=\"ignored\"}"))
        .isZero();
    assertThat(sample(metrics, "pacer_autodeployer_notifications_total{result=\"duplicate\"}"))
        .isZero();
    assertThat(sample(metrics, "pacer_autodeployer_deploys_total{outcome=\"started\"}"))
        .isEqualTo(2);
    assertThat(sample(metrics, "pacer_autodeployer_deploys_total{outcome=\"succeeded\"}"))
        .isEqualTo(1);
    assertThat(sample(metrics, "pacer_autodeployer_deploys_total{outcome=\"failed\"}"))
        .isEqualTo(1);
    assertThat(sample(metrics, "pacer_autodeployer_deploys_total{outcome=\"rolled_back\"}"))
        .isEqualTo(1);
    assertThat(sample(metrics, "pacer_autodeployer_push_to_deploy_seconds_count")).isEqualTo(2);
    assertThat(
            sample(
                metrics, "pacer_autoscaler_decisions_total{decision=\"up\",reason=\"above_band\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            sample(
                metrics,
                "pacer_autoscaler_decisions_total{decision=\"down\",reason=\"below_band\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            sample(
                metrics, "pacer_autoscaler_decisions_total{decision=\"hold\",reason=\"paused\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(sample(metrics, "pacer_autoscaler_cycle_seconds_count")).isGreaterThan(3);
    assertThat(sample(metrics, "pacer_autoscaler_graphite_requests_seconds_count{outcome=\"ok\"}"))
        .isGreaterThan(3);
    assertThat(sample(metrics, "pacer_agentscaler_cycle_seconds_count")).isGreaterThan(3);
    assertThat(
            sample(
                metrics, "pacer_agentscaler_pool_free_ratio{pool=\"scaling\",resource=\"cpus\"}"))
        .isBetween(0.0, 1.0);
    assertThat(
            sample(metrics, "pacer_agentscaler_pool_free_ratio{pool=\"stable\",resource=\"mem\"}"))
        .isBetween(0.0, 1.0);
    assertThat(sample(metrics, "pacer_agentscaler_cycles_total{result=\"ok\"}")).isGreaterThan(3);
    assertThat(sample(metrics, "pacer_agentscaler_cycles_total{result=\"failed\"}")).isZero();
    assertThat(sample(metrics, "pacer_marathon_requests_total{method=\"PUT\",status=\"200\"}"))
        .isGreaterThanOrEqualTo(2);
    assertThat(sample(metrics, "pacer_marathon_events_connected")).isEqualTo(1);
    assertThat(sample(metrics, "pacer_slack_messages_total{result=\"sent\"}")).isGreaterThan(0);
    // Prometheus conventions: HELP for every family, the build, the JVM, histograms
    everyFamilyHasHelp(metrics);
    everyMetricTheAlertsAndTheDashboardReadIsServed(metrics);
    assertThat(metrics)
        .containsPattern(
            "(?m)^pacer_build_info\\{commit=\"[0-9a-f]{7,}(-dirty)?\",version=\"0\\.1\\.0")
        .containsPattern("(?m)^jvm_memory_used_bytes\\{")
        .containsPattern("(?m)^process_uptime_seconds ")
        .containsPattern("(?m)^pacer_autodeployer_push_to_deploy_seconds_bucket\\{le=\"")
        .doesNotContainPattern("(?m)^pacer_\\w+\\{[^}]*quantile=");
    assertThat(sample(metrics, "pacer_slack_queue_depth")).isGreaterThanOrEqualTo(0);
    assertThat(sample(metrics, "pacer_slack_dropped_total")).isZero();
    // the collector read the sandbox's agents and wrote /demo/web's cpu_util to carbon
    assertThat(sample(metrics, "pacer_collector_agents_read_total")).isGreaterThan(3);
    assertThat(sample(metrics, "pacer_collector_agents_failed_total")).isZero();
    assertThat(sample(metrics, "pacer_collector_points_written_total")).isGreaterThan(10);
    assertThat(sample(metrics, "pacer_collector_points_dropped_total")).isZero();
    assertThat(sample(metrics, "pacer_collector_cycle_seconds_count")).isGreaterThan(3);
    assertThat(sample(metrics, "pacer_collector_containers_remembered")).isEqualTo(3);

    Matcher g = Pattern.compile("graphite-web\\) at (http://\\S+)").matcher(demoOut);
    assertThat(g.find()).as("the demo names its Graphite").isTrue();
    String graphite = g.group(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(last(graphite, "pacer.autodeployer.notifications.received.count"))
                  .isEqualTo(2);
              assertThat(last(graphite, "pacer.autodeployer.deploys.outcome.rolled_back.count"))
                  .isEqualTo(1);
              assertThat(
                      last(
                          graphite,
                          "pacer.autoscaler.decisions.decision.up.reason.above_band.count"))
                  .isGreaterThanOrEqualTo(1);
              assertThat(
                      last(
                          graphite, "pacer.agentscaler.pool.free.ratio.pool.scaling.resource.cpus"))
                  .isBetween(0.0, 1.0);
              assertThat(last(graphite, "pacer.autoscaler.graphite.requests.outcome.ok.count"))
                  .isGreaterThan(3);
              assertThat(last(graphite, "pacer.slack.queue.depth")).isGreaterThanOrEqualTo(0);
            });
  }

  /**
   * The metrics conf/prometheus/pacer-alerts.yml and conf/grafana/pacer-dashboard.json read are all
   * served (but {@code pacer_ha_leader}, which only HA has: HaIT reads it).
   */
  static void everyMetricTheAlertsAndTheDashboardReadIsServed(String metrics) throws IOException {
    String read =
        Files.readString(ROOT.resolve("conf/prometheus/pacer-alerts.yml"))
            + Files.readString(ROOT.resolve("conf/grafana/pacer-dashboard.json"));
    Matcher m = Pattern.compile("\\b((?:pacer|jvm|process)_[a-z_]+)\\b").matcher(read);
    java.util.Set<String> names = new java.util.TreeSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    names.remove("pacer_ha_leader");
    assertThat(names).hasSizeGreaterThan(10);
    assertThat(names)
        .allSatisfy(
            n ->
                assertThat(metrics)
                    .as("%s, read by an alert or the dashboard", n)
                    .containsPattern("(?m)^" + n + "[{ ]"));
  }

  /** Every {@code # TYPE} family has a {@code # HELP} line that says something. */
  static void everyFamilyHasHelp(String metrics) {
    java.util.Map<String, String> help = new java.util.HashMap<>();
    java.util.List<String> families = new ArrayList<>();
    for (String l : metrics.lines().toList()) {
      if (l.startsWith("# HELP ")) {
        String[] p = l.substring(7).split(" ", 2);
        help.put(p[0], p.length > 1 ? p[1].strip() : "");
      } else if (l.startsWith("# TYPE ")) {
        families.add(l.substring(7).split(" ", 2)[0]);
      }
    }
    assertThat(families).hasSizeGreaterThan(30);
    assertThat(families)
        .allSatisfy(f -> assertThat(help.getOrDefault(f, "")).as("HELP of %s", f).isNotBlank());
  }

  /** The value of one Prometheus sample line, {@code name{labels} value}. */
  private static double sample(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " is not in /metrics"));
  }

  /** The newest non-null point of a Graphite series over the last 10 minutes. */
  private static double last(String graphite, String target) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            graphite
                                + "/render?format=json&noCache=true&from=-10min&target="
                                + target))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    io.vertx.core.json.JsonArray series = new io.vertx.core.json.JsonArray(body);
    assertThat(series).as("Graphite has %s", target).isNotEmpty();
    io.vertx.core.json.JsonArray points = series.getJsonObject(0).getJsonArray("datapoints");
    for (int i = points.size() - 1; i >= 0; i--) {
      Object v = points.getJsonArray(i).getValue(0);
      if (v != null) {
        return ((Number) v).doubleValue();
      }
    }
    throw new AssertionError(target + " has no point in Graphite yet");
  }
}

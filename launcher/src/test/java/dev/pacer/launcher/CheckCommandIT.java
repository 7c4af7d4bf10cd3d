package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.aws.AutoScalingSimulator;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testkit.servers.KafkaBroker;
import dev.pacer.testkit.servers.ZooKeeper;
import dev.pacer.testkit.slack.SlackSimulator;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pacer check} against every system a full config needs: the simulators (Marathon, the Mesos
 * master, AWS Auto Scaling, Slack) and the real servers (Graphite, the registry, Kafka, ZooKeeper).
 * All reachable: every line ✔ and exit 0. Then each one stopped in turn: its line ✘ with the
 * reason, exit 1, the others still ✔. Nothing is written anywhere.
 */
class CheckCommandIT {
  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // already stopped by the test
      }
    }
  }

  record Checked(int exit, List<String> lines, String err) {}

  Checked check(Path conf) {
    ConfigOptions o = new ConfigOptions();
    o.file = conf;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CheckCommand.check(
            o,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Checked(
        exit,
        out.toString(StandardCharsets.UTF_8).lines().toList(),
        err.toString(StandardCharsets.UTF_8));
  }

  static String line(Checked c, String name) {
    return c.lines().stream()
        .filter(l -> l.substring(2).startsWith(name + ": "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + name + " in " + c.lines()));
  }

  /** A config file on Kafka with HA, and {@code more} lines inside {@code pacer { }}. */
  private Path conf(
      MarathonSimulator marathon, KafkaBroker kafka, ZooKeeper zk, String haPath, String... more)
      throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    lines.add("pacer {");
    lines.add("  marathon.urls = [\"" + marathon.url() + "\"]");
    lines.add("  events { backend = kafka }");
    lines.add("  kafka.bootstrap-servers = \"" + kafka.bootstrapServers() + "\"");
    lines.add("  ha { zookeeper = \"" + zk.connectString() + "\", path = " + haPath + " }");
    lines.addAll(List.of(more));
    lines.add("}");
    return Files.writeString(dir.resolve("pacer.conf"), String.join("\n", lines));
  }

  private Vertx vertx() {
    Vertx v = Vertx.vertx();
    open.add(() -> result(v.close()));
    return v;
  }

  @Test
  void everySystemReachableIsAllGreenAndEachStoppedInTurnIsNamedWithWhy() throws Exception {
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret");
    Vertx marathonVertx = vertx();
    MarathonSimulator marathon = result(MarathonSimulator.start(marathonVertx, Clock.systemUTC()));
    Vertx mesosVertx = vertx();
    MesosMasterSimulator mesos = result(MesosMasterSimulator.start(mesosVertx));
    Vertx awsVertx = vertx();
    AutoScalingSimulator aws = result(AutoScalingSimulator.start(awsVertx));
    aws.createGroup("scaling", 1, 10, 2, false);
    Vertx slackVertx = vertx();
    SlackSimulator slack = result(SlackSimulator.start(slackVertx));
    Graphite graphite = Graphite.start();
    open.add(graphite);
    DockerRegistry registry = DockerRegistry.start();
    open.add(registry);
    KafkaBroker kafka = KafkaBroker.start();
    open.add(kafka);
    ZooKeeper zk = ZooKeeper.start();
    open.add(zk);

    Path conf =
        conf(
            marathon,
            kafka,
            zk,
            "/pacer-check",
            "  autodeployer { webhook-token = t, registry.url = \"" + registry.url() + "\" }",
            "  autoscaler.graphite.url = \"" + graphite.url() + "\"",
            "  mesos.urls = [\"" + mesos.url() + "\"]",
            "  agent-scaler {",
            "    aws.endpoint = \"" + aws.url() + "\"",
            "    pools { scaling { attribute = \"pool:scaling\", group = scaling } }",
            "  }",
            "  slack { token = \""
                + SlackSimulator.TOKEN
                + "\", api-url = \""
                + slack.apiUrl()
                + "\", default-channel = \"#deploys\" }");

    Checked all = check(conf);
    assertThat(all.exit()).as("%s\n%s", all.lines(), all.err()).isZero();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("marathon", "marathon 1.10.19, leader 127.0.0.1:" + marathon.port());
    expected.put("marathon events", "stream opened at " + marathon.url());
    expected.put("kafka", " broker");
    expected.put("zookeeper", "session open; /pacer-check does not exist yet");
    expected.put("slack", "token of pacer in Subarachnoid Workspace");
    expected.put("registry", "API v2 answered");
    expected.put("graphite", "render answered");
    expected.put("mesos", "leader " + mesos.url());
    expected.put("pool scaling", "desired 2 (min 1, max 10), 2 instances");
    expected.forEach(
        (name, detail) -> assertThat(line(all, name)).startsWith("✔ " + name).contains(detail));
    assertThat(all.lines().get(0))
        .isEqualTo(
            "✔ config: "
                + conf
                + " is valid; daemons enabled: slack-notifier, autodeployer, autoscaler,"
                + " agent-scaler");
    assertThat(all.lines()).last().isEqualTo("all 9 checks passed");

    // each one stopped in turn: its line is ✘ with why, the ones still up stay ✔
    List<String> stopped = new ArrayList<>();
    Map<String, Runnable> stops = new LinkedHashMap<>();
    stops.put("graphite", graphite::close);
    stops.put("registry", registry::close);
    stops.put("slack", () -> result(slackVertx.close()));
    stops.put("pool scaling", () -> result(awsVertx.close()));
    stops.put("mesos", () -> result(mesosVertx.close()));
    stops.put("zookeeper", zk::close);
    stops.put("kafka", kafka::close);
    stops.put("marathon", () -> result(marathonVertx.close()));
    for (var stop : stops.entrySet()) {
      stop.getValue().run();
      stopped.add(stop.getKey());
      if (stop.getKey().equals("marathon")) {
        stopped.add("marathon events");
      }
      Checked c = check(conf);
      assertThat(c.exit()).as("%s stopped: %s", stop.getKey(), c.lines()).isEqualTo(1);
      for (String name : expected.keySet()) {
        String l = line(c, name);
        if (stopped.contains(name)) {
          assertThat(l).as("%s stopped", name).startsWith("✘ " + name + ": ");
          assertThat(l.substring(l.indexOf(": ", l.indexOf(": ") + 2)))
              .as("%s says why", name)
              .containsAnyOf("connection refused", "timed out", "no broker", "no session")
              .doesNotContain("null");
        } else {
          assertThat(l).as("%s still up while %s", name, stopped).startsWith("✔ " + name);
        }
      }
      assertThat(c.lines()).last().isEqualTo(stopped.size() + " of 9 checks failed");
    }

    // read-only: the simulators saw reads (and the event stream opened), nothing else
    for (RecordedRequest r : marathon.requests()) {
      assertThat(r.method()).as(r.path()).isEqualTo("GET");
    }
    assertThat(marathon.requests()).extracting(RecordedRequest::path).contains("/v2/info");
    assertThat(mesos.requests()).isNotEmpty().allMatch(r -> r.startsWith("GET /redirect"));
    assertThat(aws.calls()).isNotEmpty().allMatch(c -> c.startsWith("DescribeAutoScalingGroups"));
    assertThat(slack.calls()).isNotEmpty().allMatch(c -> c.equals("auth.test ok"));
    assertThat(slack.messages()).isEmpty();
  }

  @Test
  void anInvalidConfigExits2BeforeReachingAnything() throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "pacer { marathon.urls = 42 }");
    Checked c = check(conf);
    assertThat(c.exit()).isEqualTo(2);
    assertThat(c.err()).contains("pacer.marathon.urls").contains("expected a list");
    assertThat(c.lines()).isEmpty();
  }

  @Test
  void nothingIsCreatedInKafkaOrZooKeeper() throws Exception {
    KafkaBroker kafka = KafkaBroker.start();
    open.add(kafka);
    ZooKeeper zk = ZooKeeper.start();
    open.add(zk);
    Vertx v = vertx();
    MarathonSimulator marathon = result(MarathonSimulator.start(v, Clock.systemUTC()));
    Path conf =
        conf(
            marathon,
            kafka,
            zk,
            "/pacer-untouched",
            "  autodeployer.webhook-token = t",
            "  autoscaler.enabled = false",
            "  agent-scaler.enabled = false");
    Checked c = check(conf);
    assertThat(c.exit()).as("%s", c.lines()).isZero();
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      assertThat(admin.listTopics().names().get()).noneMatch(t -> t.startsWith("pacer"));
    }
    try (var curator =
        org.apache.curator.framework.CuratorFrameworkFactory.newClient(
            zk.connectString(), new org.apache.curator.retry.RetryOneTime(100))) {
      curator.start();
      assertThat(curator.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(curator.checkExists().forPath("/pacer-untouched")).isNull();
    }
  }
}

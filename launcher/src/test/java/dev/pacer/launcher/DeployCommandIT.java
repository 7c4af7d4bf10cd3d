package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.CrashingTasks;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.Outcome;
import dev.pacer.testkit.mesos.MesosAgentSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testsupport.PacerJar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pacer deploy} run as users run it (the built jar, a child process) against the real
 * registry, the Marathon simulator and the Mesos master and agent simulators: its exit codes, what
 * it sends and what it prints.
 */
class DeployCommandIT {
  static final Vertx vertx = Vertx.vertx();
  static DockerRegistry registry;
  static MarathonSimulator marathon;
  static MesosMasterSimulator master;
  static MesosAgentSimulator agent;
  static String agentId;

  @TempDir Path dir;
  Path pacerConf;
  String group;

  record Run(int exit, String output) {}

  @BeforeAll
  static void start() {
    registry = DockerRegistry.start();
    registry.push("shop/web", "1.2.9");
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    marathon.deploymentDuration(Duration.ofMillis(300));
    master = result(MesosMasterSimulator.start(vertx));
    agent = result(MesosAgentSimulator.start(vertx, Clock.systemUTC()));
    agentId = master.addAgent("ip-a", "127.0.0.1", agent.agentPort(), Map.of(), 8, 16384, 100000);
    agent.registeredAs(agentId, "ip-a");
  }

  @AfterAll
  static void stop() {
    registry.close();
    result(vertx.close());
  }

  @BeforeEach
  void config() throws IOException {
    group = "g" + UUID.randomUUID().toString().substring(0, 8);
    pacerConf = dir.resolve("pacer.conf");
    Files.writeString(
        pacerConf,
        "pacer.marathon.urls = [\""
            + marathon.url()
            + "\"]\n"
            + "pacer.mesos.urls = [\""
            + master.url()
            + "\"]\n"
            + "pacer.autodeployer.registry.url = \""
            + registry.url()
            + "\"\n");
  }

  private String image(String tag) {
    return registry.host() + "/shop/web:" + tag;
  }

  /** The seed's example with the line breaks the article lost put back. */
  private Path seedApp(String name, String extra) throws IOException {
    Path f = dir.resolve("apps/" + name + ".conf");
    Files.createDirectories(f.getParent());
    Files.writeString(
        f,
        "id = /"
            + group
            + "/"
            + name
            + "\n"
            + "instances = 3\n"
            + "cpus = 0.5\n"
            + "mem = 256\n"
            + "container {\n"
            + "  type = DOCKER\n"
            + "  docker.image = \""
            + image("1.2.9")
            + "\"\n"
            + "}\n"
            + "autoscale = {\n"
            + "  minInstances = 3\n"
            + "  maxInstances = 9\n"
            + "  cooldown = 900\n"
            + "  graphite { target = mesos.marathon.${id}.cpu_util, down = 0.4, up = 0.7 }\n"
            + "}\n"
            + extra);
    return f;
  }

  private Run pacer(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(PacerJar.java());
    cmd.addAll(List.of("-jar", PacerJar.JAR.toString()));
    cmd.addAll(List.of(args));
    Path log = dir.resolve("out-" + UUID.randomUUID() + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("PACER_CONFIG", pacerConf.toString());
    Process p = pb.start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("pacer %s ended", List.of(args)).isTrue();
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /**
   * The same command in this JVM: the launcher's parsing and the same code, without a JVM start.
   * For the checks whose point is what the command does, not the process (the exit codes of the
   * process itself are {@link #pacer}'s tests).
   */
  private Run inJvm(String... args) {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    java.io.PrintStream ps = new java.io.PrintStream(buf, true, StandardCharsets.UTF_8);
    var before = DeployCommands.terminals;
    DeployCommands.terminals =
        () ->
            new dev.pacer.deploy.Terminal(
                ps,
                ps,
                new java.io.BufferedReader(new java.io.StringReader("")),
                false,
                Clock.systemUTC());
    try {
      List<String> all = new ArrayList<>(List.of(args[0], "-c", pacerConf.toString()));
      all.addAll(List.of(args).subList(1, args.length));
      int exit = PacerLauncher.execute(all.toArray(String[]::new));
      return new Run(exit, buf.toString(StandardCharsets.UTF_8));
    } finally {
      DeployCommands.terminals = before;
    }
  }

  private List<String> marathonCalls() {
    return marathon.requests().stream()
        .filter(r -> r.path().contains(group))
        .map(r -> r.method() + " " + r.path())
        .toList();
  }

  @Test
  void theSeedsExampleBecomesTheAutoscaleLabelAndTheDeployWaitsForSuccess() throws Exception {
    Path f = seedApp("web", "");

    Run run = pacer("deploy", f.toString(), "--yes");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("deployment_success: /" + group + "/web is deployed");
    JsonObject app = marathon.storedApp("/" + group + "/web");
    String label = app.getJsonObject("labels").getString("autoscale");
    AutoscalePolicy p = AutoscaleLabel.parse("/" + group + "/web", label);
    assertThat(p.minInstances()).isEqualTo(3);
    assertThat(p.maxInstances()).isEqualTo(9);
    assertThat(p.scaleUpCooldown()).isEqualTo(Duration.ofSeconds(900));
    assertThat(p.target()).isEqualTo("mesos.marathon." + group + ".web.cpu_util");
    assertThat(app.getJsonObject("labels").getString("pacer.deployed-by")).isNotBlank();
    assertThat(app.getJsonObject("labels").getString("pacer.deploy-source")).contains("web.conf");
    assertThat(app.getJsonObject("container").getJsonObject("docker").getString("image"))
        .isEqualTo(image("1.2.9"));
  }

  @Test
  void theAutoscalerScalesTheDeployedAppOnTheLabelAsDeployed() throws Exception {
    // a Marathon 20 minutes behind: the app's 900 s cooldown since its creation is over by now
    MarathonSimulator past =
        result(
            MarathonSimulator.start(
                vertx,
                new dev.pacer.testkit.ManualClock(java.time.Instant.now().minusSeconds(1200))));
    String id = "/" + group + "/web";
    Run run = inJvm("deploy", seedApp("web", "").toString(), "--yes", "--marathon", past.url());
    assertThat(run.exit()).as(run.output()).isZero();
    dev.pacer.testkit.servers.Graphite graphite = dev.pacer.testkit.servers.Graphite.shared();
    long now = java.time.Instant.now().getEpochSecond();
    StringBuilder points = new StringBuilder();
    for (int ago = 10; ago <= 110; ago += 10) {
      points.append("mesos.marathon.").append(group).append(".web.cpu_util 0.95 ");
      points.append(now - ago).append('\n');
    }
    graphite.sendLines(points.toString());
    List<dev.pacer.common.events.PacerEvent> actions =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    try (dev.pacer.testsupport.PacerHarness autoscaler =
        dev.pacer.testsupport.PacerHarness.start(
            past.url(),
            Map.of(
                "pacer.autoscaler.interval", "1s",
                "pacer.autoscaler.graphite.url", graphite.url(),
                "pacer.state-dir", dir.resolve("state").toString()),
            List.of(new dev.pacer.autoscaler.AutoscalerMain()),
            actions)) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> past.storedApp(id).getInteger("instances") > 3);
      // the spy gets the event a moment after Marathon got the write
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  actions.stream()
                      .anyMatch(
                          e -> id.equals(e.subject()) && e.type().equals("pacer.scale.applied")));
    }
    dev.pacer.common.events.types.ScaleApplied up =
        actions.stream()
            .filter(e -> id.equals(e.subject()))
            .map(dev.pacer.common.events.types.EventTypes::read)
            .filter(dev.pacer.common.events.types.ScaleApplied.class::isInstance)
            .map(dev.pacer.common.events.types.ScaleApplied.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(up.facts().target()).isEqualTo("mesos.marathon." + group + ".web.cpu_util");
    assertThat(up.to()).isGreaterThan(3).isLessThanOrEqualTo(9);
  }

  @Test
  void theSeedsOneLineFormExitsTwoWithFileAndLineAndNeverTouchesMarathon() throws Exception {
    Path f = dir.resolve("web.conf");
    Files.writeString(
        f,
        "id = /"
            + group
            + "/web\n"
            + "autoscale = { minInstances = 3 maxInstances = 9 cooldown = 900 graphite = {"
            + " target = mesos.marathon.${id}.cpu_util down = 0.4 up = 0.7 } }\n");

    Run run = pacer("deploy", f.toString(), "--yes");

    assertThat(run.exit()).as(run.output()).isEqualTo(2);
    assertThat(run.output())
        .contains(f + ":2: not valid HOCON: keys need a comma or a new line between them")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(marathonCalls()).isEmpty();
  }

  @Test
  void anInvalidAutoscaleSectionExitsTwoWithFileAndLine() throws Exception {
    Path f = seedApp("web", "").resolveSibling("web.conf");
    Files.writeString(f, Files.readString(f).replace("maxInstances = 9", "maxInstances = 2"));

    Run run = inJvm("deploy", f.toString(), "--yes");

    assertThat(run.exit()).as(run.output()).isEqualTo(2);
    assertThat(run.output())
        .contains(f + ":9: autoscale: minInstances (3) is greater than maxInstances (2)");
    assertThat(marathonCalls()).isEmpty();
  }

  @Test
  void anImageNotInTheRegistryExitsThreeBeforeAnythingIsSentToMarathon() throws Exception {
    Path f = seedApp("web", "");

    Run run = pacer("deploy", f.toString(), "--yes", "--image", image("9.9.9"));

    assertThat(run.exit()).as(run.output()).isEqualTo(3);
    assertThat(run.output())
        .contains("image " + image("9.9.9") + " is not in the registry " + registry.url());
    assertThat(marathonCalls()).isEmpty();
  }

  @Test
  void anAutoscaledAppAtSixDeployedWithThreeInItsFileStaysAtSix() throws Exception {
    String id = "/" + group + "/web";
    marathon.seedApp(AppDefinitions.docker(id, image("1.2.9"), 6, new JsonObject()));
    Path f = seedApp("web", "env.LOG_LEVEL = debug\n");

    Run run = inJvm("deploy", f.toString(), "--yes");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("instances: 6, kept: the app is autoscaled");
    assertThat(marathon.storedApp(id).getInteger("instances")).isEqualTo(6);
    assertThat(marathon.storedApp(id).getJsonObject("env").getString("LOG_LEVEL"))
        .isEqualTo("debug");
  }

  @Test
  void aDryRunShowsTheDiffAndSendsNothing() throws Exception {
    String id = "/" + group + "/web";
    marathon.seedApp(AppDefinitions.docker(id, image("1.2.9"), 6, new JsonObject()));
    Path f = seedApp("web", "env.LOG_LEVEL = debug\n");

    Run run = inJvm("deploy", f.toString(), "--dry-run");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("+ env: {\"LOG_LEVEL\":\"debug\"}")
        .contains("+ labels.autoscale: ")
        .contains("dry run: nothing sent to Marathon");
    assertThat(marathonCalls()).containsExactly("GET /v2/apps/" + group + "/web");
  }

  @Test
  void aFailingTaskPrintsItsStderrAndTheDeployExitsOne() throws Exception {
    String id = "/" + group + "/crash";
    marathon.seedApp(AppDefinitions.docker(id, image("1.2.9"), 2, new JsonObject()));
    marathon.crashNextDeployment(
        id,
        new CrashingTasks(
            List.of(new CrashingTasks.Agent(agentId, "ip-a")),
            Duration.ofMillis(100),
            "Command exited with status 1",
            task -> {
              String t = task.getString("id");
              agent.sandbox(t, MesosMasterSimulator.MARATHON_FRAMEWORK_ID);
              agent.write(t, "stdout", "starting web 1.3.0\n");
              agent.write(
                  t,
                  "stderr",
                  "Exception in thread \"main\" java.lang.IllegalStateException: DB_URL is not set\n"
                      + "\tat shop.Web.main(Web.java:12)\n");
              agent.ended(t, "TASK_FAILED");
            }));
    Path f = seedApp("crash", "env.LOG_LEVEL = debug\n");

    Run run = pacer("deploy", f.toString(), "--yes", "--rollback-on-failure");

    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("TASK_FAILED (Command exited with status 1)")
        .contains("--- stderr (last 2 lines)")
        .contains("java.lang.IllegalStateException: DB_URL is not set")
        .contains("--- stdout (last 1 lines)")
        .contains("starting web 1.3.0")
        .contains("3 task(s) of the new version failed")
        .contains("rolled back: deployment");
    // --rollback-on-failure cancelled the deployment: Marathon put the app back as it was
    assertThat(marathon.requests("DELETE", "/v2/deployments/")).isNotEmpty();
    assertThat(marathon.storedApp(id).getInteger("instances")).isEqualTo(2);
    assertThat(marathon.storedApp(id).getJsonObject("env")).isNull();
  }

  @Test
  void execFindsTheTasksAgentAndContainerAndPrintsTheDockerCommand() throws Exception {
    String id = "/" + group + "/web";
    marathon.placeTasksOn(List.of(new CrashingTasks.Agent(agentId, "ip-a")));
    try {
      marathon.seedApp(AppDefinitions.docker(id, image("1.2.9"), 1, new JsonObject()));
    } finally {
      marathon.placeTasksOn(List.of());
    }
    String task = marathon.tasks(id).getJsonObject(0).getString("id");
    agent.sandbox(task, MesosMasterSimulator.MARATHON_FRAMEWORK_ID);
    String dir = agent.sandboxDirectory(task);
    String container = dir.substring(dir.lastIndexOf('/') + 1);

    Run run = inJvm("exec", id, "--print", "--", "ls", "-l", "/srv/app data");
    Run none = inJvm("exec", "/" + group + "/nope", "--print", "--", "sh");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output().strip())
        .isEqualTo(
            "docker -H tcp://ip-a:2375 exec -i mesos-" + container + " ls -l '/srv/app data'");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.output()).contains("no app /" + group + "/nope in Marathon");
  }

  /** The sample config repository ({@code conf/apps}), as shipped. */
  static final Path SAMPLE = PacerJar.JAR.getParent().getParent().getParent().resolve("conf/apps");

  @Test
  void theSampleConfigRepositoryValidatesWithItsImagesInTheRegistry() throws Exception {
    registry.push("shop/web", "1.4.2");
    registry.push("shop/worker", "master-118");

    Run run = inJvm("validate", SAMPLE.toString());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("3 app config(s) in " + SAMPLE + " valid, 2 image(s) found");
  }

  @Test
  void aBrokenCopyListsEveryProblemAtOnce() throws Exception {
    Path copy = dir.resolve("apps");
    Files.createDirectories(copy.resolve("defaults"));
    for (String f :
        List.of("defaults/common.conf", "web.conf", "web.staging.conf", "worker.conf")) {
      Files.copy(SAMPLE.resolve(f), copy.resolve(f));
    }
    Path web = copy.resolve("web.conf");
    Files.writeString(web, Files.readString(web).replace("maxInstances = 9", "maxInstances = 2"));
    Path worker = copy.resolve("worker.conf");
    Files.writeString(
        worker,
        Files.readString(worker)
            .replace("instances = 2", "instances = two")
            .replace("master-118", "master-404"));
    Path staging = copy.resolve("web.staging.conf");
    Files.writeString(staging, Files.readString(staging) + "autoscale.maxInstances = 0\n");
    registry.push("shop/web", "1.4.2");

    Run run = inJvm("validate", copy.toString());

    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains(web + ":13: autoscale: minInstances (3) is greater than maxInstances (2)")
        .contains(worker + ":5: instances: ")
        .contains(
            staging
                + ":4: autoscale: minInstances (1) is greater than maxInstances (0) (--env"
                + " staging)")
        .contains("shop/worker:master-404 is not in the registry")
        .contains("4 problem(s) in " + copy);
  }

  @Test
  void aDeploymentThatDoesNotEndInTimeExits124() throws Exception {
    String id = "/" + group + "/stuck";
    marathon.seedApp(AppDefinitions.docker(id, image("1.2.9"), 3, new JsonObject()));
    marathon.deploymentOutcome(Outcome.STUCK);
    try {
      Path f = seedApp("stuck", "env.LOG_LEVEL = debug\n");

      Run run = pacer("deploy", f.toString(), "--yes", "--timeout", "2s");

      assertThat(run.exit()).as(run.output()).isEqualTo(124);
      assertThat(run.output()).contains("timed out after 2s");
    } finally {
      marathon.deploymentOutcome(Outcome.SUCCESS);
    }
  }
}

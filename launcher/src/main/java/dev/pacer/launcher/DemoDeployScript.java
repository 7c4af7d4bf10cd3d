package dev.pacer.launcher;

import dev.pacer.deploy.DeployMain;
import dev.pacer.deploy.DeployOptions;
import dev.pacer.deploy.Terminal;
import dev.pacer.testkit.marathon.CrashingTasks;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the demo plays with {@code pacer deploy}: a user deploys {@code /demo/shop} from its app
 * config (the seed's autoscale section, one key a line), then a change whose tasks crash: their
 * stderr, fetched from the (simulated) agent's sandbox, is printed, and the deploy is rolled back.
 * The image check is off (the sandbox has no registry).
 */
final class DemoDeployScript {
  static final String APP = "/demo/shop";
  private static final String CONFIG =
      """
      # /demo/shop: an app config, as a config repository holds it
      id = /demo/shop
      instances = 2
      cpus = 0.25
      mem = 256
      container { type = DOCKER, docker.image = "registry.example.com/demo/shop:1.0.0" }
      env.LOG_LEVEL = info
      autoscale = {
        minInstances = 2
        maxInstances = 6
        cooldown = 900
        graphite { target = mesos.marathon.${id}.cpu_util, down = 0.4, up = 0.7 }
      }
      slack.channel = "#deploys-shop"
      """;

  private DemoDeployScript() {}

  /** Plays both deploys, {@code after} from now, on a thread of their own (they block). */
  static void play(
      io.vertx.core.Vertx vertx,
      MarathonSimulator marathon,
      DemoPoolScript pools,
      PrintStream out,
      Duration after) {
    vertx.setTimer(
        after.toMillis(),
        timer -> {
          Thread t =
              new Thread(
                  () -> {
                    try {
                      run(marathon, pools, out);
                    } catch (IOException | RuntimeException e) {
                      out.println("demo: the pacer deploy part failed: " + e);
                    }
                  },
                  "demo-deploy");
          t.setDaemon(true);
          t.start();
        });
  }

  static void run(MarathonSimulator marathon, DemoPoolScript pools, PrintStream out)
      throws IOException {
    Path dir = Files.createTempDirectory("pacer-demo-apps-");
    Path file = dir.resolve("shop.conf");
    Files.writeString(file, CONFIG);
    out.println("demo: a user deploys " + file + " with: pacer deploy " + file + " --yes");
    int first = deploy(file, marathon, pools, out, Map.of());
    out.println("demo: pacer deploy exited " + first + " (0: deployed)");

    marathon.crashNextDeployment(
        APP,
        new CrashingTasks(
            List.of(new CrashingTasks.Agent(pools.stableAgentId(), "stable-1")),
            Duration.ofMillis(500),
            "Command exited with status 1",
            task -> {
              String id = task.getString("id");
              var agent = pools.stableAgent();
              agent.sandbox(id, MesosMasterSimulator.MARATHON_FRAMEWORK_ID);
              agent.write(id, "stdout", "shop 1.1.0 starting on port 8080\n");
              agent.write(
                  id, "stderr", "shop: fatal: DB_URL is not set\nshop: exiting with status 1\n");
              agent.ended(id, "TASK_FAILED");
            }));
    out.println(
        "demo: the user deploys a change whose tasks crash: pacer deploy "
            + file
            + " -D env.LOG_LEVEL=debug --rollback-on-failure --yes");
    int second = deploy(file, marathon, pools, out, Map.of("env.LOG_LEVEL", "debug"));
    out.println(
        "demo: pacer deploy exited "
            + second
            + " (1: failed; the tasks' stderr is above and Marathon reverted the app)");
  }

  private static int deploy(
      Path file,
      MarathonSimulator marathon,
      DemoPoolScript pools,
      PrintStream out,
      Map<String, String> overrides) {
    return DeployMain.deploy(
        new DeployOptions(
            file,
            Optional.empty(),
            overrides,
            Optional.empty(),
            false,
            Duration.ofMinutes(2),
            Optional.of(marathon.url()),
            Optional.of(pools.mesosUrl()),
            true,
            false,
            !overrides.isEmpty(),
            20,
            3,
            false,
            Optional.empty(),
            "demo-user",
            false),
        new Terminal(out, out, new BufferedReader(new StringReader("")), false, Clock.systemUTC()));
  }
}

package dev.pacer.launcher;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.pacer.deploy.DeployMain;
import dev.pacer.deploy.DeployOptions;
import dev.pacer.deploy.DeployRun;
import dev.pacer.deploy.Terminal;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pacer deploy}, {@code validate} and {@code diff}: app configs become Marathon apps. */
final class DeployCommands {
  private DeployCommands() {}

  /** Pacer's own config, where the Marathon URLs and the registry's credentials are. */
  static final class PacerConfigOption {
    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description =
            "Pacer's config (Marathon URLs, registry credentials, Mesos masters);"
                + " default: $PACER_CONFIG, else the defaults.")
    Path file;

    Optional<Path> file() {
      if (file != null) {
        return Optional.of(file);
      }
      String env = System.getenv("PACER_CONFIG");
      return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env));
    }
  }

  /**
   * A command's output is its story, not the libraries' logs: only warnings and errors, and none
   * from the schema validator (Marathon's 1.7 schema has {@code cpus}, {@code mem} and {@code disk}
   * under {@code executorResources} without {@code properties}, which it warns about at each load).
   */
  static void quietLogs() {
    if (org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
      ctx.getLogger("com.networknt").setLevel(ch.qos.logback.classic.Level.OFF);
    }
  }

  /** How an app config is rendered: {@code --env}, {@code -D}, {@code --image}. */
  static final class RenderOptions {
    @Option(
        names = "--env",
        paramLabel = "E",
        description = "Merge FILE's E overlay (web.E.conf) over it.")
    String env;

    @Option(
        names = "-D",
        paramLabel = "KEY=VALUE",
        description = "Override any key of the app config, e.g. -D instances=4 (a HOCON value).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
        names = "--image",
        paramLabel = "REF",
        description = "Deploy this image (it wins over the file and the autodeployer's).")
    String image;
  }

  /** Where Marathon and the Mesos masters are, over Pacer's config. */
  static final class ClusterOptions {
    @Option(
        names = "--marathon",
        paramLabel = "URL",
        description = "Marathon's URL (default: pacer.marathon.urls).")
    String marathon;

    @Option(
        names = "--mesos",
        paramLabel = "URL",
        description = "A Mesos master: agents and sandboxes (default: pacer.mesos.urls).")
    String mesos;
  }

  /** Where the commands print; a test in this package may swap it for one it reads. */
  static java.util.function.Supplier<Terminal> terminals = DeployCommands::systemTerminal;

  static Terminal terminal() {
    return terminals.get();
  }

  private static Terminal systemTerminal() {
    quietLogs();
    // UTF-8 whatever the locale (→ and · in the output)
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    return new Terminal(
        out,
        System.err,
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        System.console() != null,
        Clock.systemUTC());
  }

  static Duration duration(String text, String option) {
    try {
      return ConfigFactory.parseString("d = " + text).getDuration("d");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a duration such as 10m or 90s");
    }
  }

  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      description = {
        "Render an app config (HOCON) into a Marathon app, check it and its image, show the diff"
            + " against the running app, PUT it and follow the deployment until it succeeds,"
            + " fails or times out; the logs of failing tasks are printed.",
        "Exit: 0 deployed, 1 failed, 2 usage or invalid config, 3 image not found, 124 timed out."
      })
  static final class Deploy implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "The app config, e.g. apps/web.conf.")
    Path file;

    @Mixin RenderOptions render = new RenderOptions();

    @Option(names = "--dry-run", description = "Stop after the diff; send nothing. Exit 0.")
    boolean dryRun;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        description = "Give up waiting after this long (exit 124). Default 10m.")
    String timeout = "10m";

    @Mixin ClusterOptions cluster = new ClusterOptions();

    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask before applying (a terminal asks).")
    boolean yes;

    @Option(
        names = "--force",
        description = "PUT with force=true: cancels a deployment that holds the app.")
    boolean force;

    @Option(
        names = "--rollback-on-failure",
        description =
            "When the deployment fails or times out, revert it (DELETE /v2/deployments/ID).")
    boolean rollbackOnFailure;

    @Option(
        names = "--log-lines",
        paramLabel = "N",
        description = "Lines of stdout and stderr printed per failed task. Default 50.")
    int logLines = 50;

    @Option(
        names = "--max-task-failures",
        paramLabel = "N",
        description =
            "Failed tasks of the new version that fail the deploy (Marathon relaunches them forever). Default 3.")
    int maxTaskFailures = 3;

    @Option(
        names = "--no-image-check",
        description = "Do not ask the registry whether the image exists.")
    boolean noImageCheck;

    @Mixin PacerConfigOption config = new PacerConfigOption();

    @Override
    public Integer call() {
      Terminal term = terminal();
      Duration t;
      try {
        t = duration(timeout, "--timeout");
      } catch (IllegalArgumentException e) {
        term.error("pacer: " + e.getMessage());
        return DeployRun.USAGE;
      }
      if (logLines < 0 || maxTaskFailures < 1) {
        term.error("pacer: --log-lines must be >= 0 and --max-task-failures >= 1");
        return DeployRun.USAGE;
      }
      return DeployMain.deploy(
          new DeployOptions(
              file,
              Optional.ofNullable(render.env),
              render.overrides,
              Optional.ofNullable(render.image),
              dryRun,
              t,
              Optional.ofNullable(cluster.marathon),
              Optional.ofNullable(cluster.mesos),
              yes,
              force,
              rollbackOnFailure,
              logLines,
              maxTaskFailures,
              !noImageCheck,
              config.file(),
              user(),
              false),
          term);
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "CI for a config repository: every app config in DIR renders (alone and with each of its"
            + " NAME.ENV.conf overlays, or in --env), every Pacer section parses, every app passes"
            + " Marathon's schema and every image is in its registry. All problems are listed at"
            + " once, with file:line.",
        "Exit: 0 valid, 1 any problem, 2 usage."
      })
  static final class ValidateCommand implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "DIR",
        description = "The directory of app configs, e.g. conf/apps.")
    Path dir;

    @Option(
        names = "--env",
        paramLabel = "E",
        description = "Validate every app with its E overlay only.")
    String env;

    @Option(
        names = "--no-registry",
        description = "Do not ask the registry whether the images exist.")
    boolean noRegistry;

    @Mixin PacerConfigOption config = new PacerConfigOption();

    @Override
    public Integer call() {
      return DeployMain.validate(
          dir, Optional.ofNullable(env), !noRegistry, config.file(), terminal());
    }
  }

  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "The diff of an app config against the running app (what pacer deploy would change)."
            + " Sends nothing.",
        "Exit: 0 shown, 1 Marathon unreachable, 2 usage or invalid config."
      })
  static final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The app config.")
    Path file;

    @Mixin RenderOptions render = new RenderOptions();

    @Option(
        names = "--marathon",
        paramLabel = "URL",
        description = "Marathon's URL (default: pacer.marathon.urls).")
    String marathon;

    @Mixin PacerConfigOption config = new PacerConfigOption();

    @Override
    public Integer call() {
      return DeployMain.diff(
          new DeployOptions(
              file,
              Optional.ofNullable(render.env),
              render.overrides,
              Optional.ofNullable(render.image),
              true,
              Duration.ofMinutes(1),
              Optional.ofNullable(marathon),
              Optional.empty(),
              true,
              false,
              false,
              0,
              1,
              false,
              config.file(),
              user(),
              true),
          terminal());
    }
  }

  @Command(
      name = "exec",
      mixinStandardHelpOptions = true,
      description = {
        "The seed's docker exec helper: finds a task of the app in Marathon (the newest running"
            + " one, or --task), its agent and container in Mesos, and runs docker -H"
            + " tcp://AGENT:PORT exec -it mesos-CONTAINER CMD (PORT: pacer.exec.docker-port,"
            + " default 2375). CMD defaults to sh.",
        "Exit: docker's; 1 when the task or its container is not found; 2 usage."
      })
  static final class ExecCommand implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "APP_ID",
        description = "The Marathon app, e.g. /shop/web.")
    String appId;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command, after --.")
    java.util.List<String> cmd = new java.util.ArrayList<>();

    @Option(names = "--task", paramLabel = "ID", description = "This task of the app.")
    String task;

    @Option(names = "--print", description = "Print the docker command instead of running it.")
    boolean print;

    @Mixin ClusterOptions cluster = new ClusterOptions();

    @Mixin PacerConfigOption config = new PacerConfigOption();

    @Override
    public Integer call() {
      return DeployMain.exec(
          appId,
          Optional.ofNullable(task),
          print,
          cmd.isEmpty() ? java.util.List.of("sh") : cmd,
          config.file(),
          Optional.ofNullable(cluster.marathon),
          Optional.ofNullable(cluster.mesos),
          terminal());
    }
  }

  static String user() {
    String u = System.getenv("USER");
    return u == null || u.isBlank() ? System.getProperty("user.name", "unknown") : u;
  }
}

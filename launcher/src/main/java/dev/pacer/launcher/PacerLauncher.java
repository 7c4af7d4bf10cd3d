package dev.pacer.launcher;

import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.ProcessRunner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code pacer}: the one entry point. Exit codes: 0 ok, 1 runtime failure, 2 config or usage error.
 */
@Command(
    name = "pacer",
    mixinStandardHelpOptions = true,
    versionProvider = PacerLauncher.Version.class,
    description = "Autodeploy and autoscale controllers for Mesos + Marathon.",
    subcommands = {
      DemoCommand.class,
      PacerLauncher.Run.class,
      CheckCommand.class,
      DemoTraining.class,
      AdminCommands.Pause.class,
      AdminCommands.Resume.class,
      AdminCommands.Rollback.class,
      AdminCommands.Drain.class,
      AdminCommands.Status.class,
      ExplainCommand.class,
      BacktestCommand.class,
      AutodeployCommands.class,
      QuarantineCommands.class,
      ApprovalCommands.ListCommand.class,
      ApprovalCommands.Approve.class,
      ApprovalCommands.Reject.class,
      DeployCommands.Deploy.class,
      DeployCommands.ValidateCommand.class,
      DeployCommands.DiffCommand.class,
      DeployCommands.ExecCommand.class
    })
public final class PacerLauncher implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String... args) {
    CommandLine cl = new CommandLine(new PacerLauncher());
    for (DaemonModule<?> d : Daemons.ALL) {
      cl.addSubcommand(d.name(), new CommandLine(new RunOne(d.name())));
    }
    return cl.execute(args);
  }

  /** {@code pacer 0.1.0-SNAPSHOT (commit 1a2b3c4)}, as pacer_build_info says it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "pacer "
            + dev.pacer.common.runtime.BuildInfo.version()
            + " (commit "
            + dev.pacer.common.runtime.BuildInfo.commit()
            + ")"
      };
    }
  }

  @Override
  public Integer call() {
    // the CommandLine's own usage: it has the daemon subcommands added in execute()
    spec.commandLine().usage(System.err);
    return ProcessRunner.CONFIG_ERROR;
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Run every daemon enabled in config (pacer.<daemon>.enabled), in one process.")
  static final class Run implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Override
    public Integer call() {
      return ProcessRunner.run(config.fileOption(), config.overrides, Daemons.ALL, System.err);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = "Run only this daemon, whatever pacer.<daemon>.enabled says.")
  static final class RunOne implements Callable<Integer> {
    private final String daemon;

    @Mixin ConfigOptions config;

    RunOne(String daemon) {
      this.daemon = daemon;
    }

    @Override
    public Integer call() {
      Map<String, String> overrides = new LinkedHashMap<>(config.overrides);
      overrides.putAll(Daemons.only(daemon));
      return ProcessRunner.run(config.fileOption(), overrides, Daemons.ALL, System.err);
    }
  }
}

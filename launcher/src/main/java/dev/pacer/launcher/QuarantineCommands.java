package dev.pacer.launcher;

import dev.pacer.common.runtime.ProcessRunner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pacer quarantine list} and {@code pacer quarantine lift --app ID --digest D}: the images
 * rolled back from an app, which the autodeployer never deploys to it again automatically.
 */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = "The images rolled back from an app: never deployed to it again until lifted.",
    subcommands = {QuarantineCommands.ListCommand.class, QuarantineCommands.Lift.class})
final class QuarantineCommands implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return ProcessRunner.CONFIG_ERROR;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "One line per quarantined image: app, digest, since, why (from /status).")
  static final class ListCommand implements Callable<Integer> {
    @Mixin AdminCommands.Target target;

    @Override
    public Integer call() {
      return AdminHttp.get(
          target,
          "/status",
          "pacer quarantine",
          status -> render(status.getJsonArray("pauses", new JsonArray())));
    }
  }

  /** The quarantines among {@code /status}'s pauses, one line each. */
  static String render(JsonArray pauses) {
    StringBuilder b = new StringBuilder();
    for (Object o : pauses) {
      JsonObject p = (JsonObject) o;
      String scope = p.getString("scope", "");
      if (!scope.startsWith(dev.pacer.common.control.Pause.QUARANTINE_PREFIX)) {
        continue;
      }
      int at = scope.lastIndexOf('@');
      b.append(scope, dev.pacer.common.control.Pause.QUARANTINE_PREFIX.length(), at)
          .append("  ")
          .append(scope.substring(at + 1))
          .append("  since ")
          .append(p.getString("at", "?"))
          .append("  by ")
          .append(p.getString("who", "").isEmpty() ? "someone" : p.getString("who"))
          .append(": ")
          .append(p.getString("reason", ""))
          .append('\n');
    }
    return b.length() == 0 ? "No image is quarantined.\n" : b.toString();
  }

  @Command(
      name = "lift",
      mixinStandardHelpOptions = true,
      description =
          "Lift a quarantine: the image may be deployed to the app again (by its next push).")
  static final class Lift implements Callable<Integer> {
    @Mixin AdminCommands.Target target;

    @Option(names = "--app", required = true, paramLabel = "APP_ID", description = "The app.")
    String app;

    @Option(
        names = "--digest",
        required = true,
        paramLabel = "DIGEST",
        description = "The image's digest, as pacer quarantine list says it.")
    String digest;

    @Mixin AdminCommands.Why why;

    @Override
    public Integer call() {
      return AdminHttp.post(
          target,
          "/quarantine/lift",
          why.body().put("app", app).put("digest", digest),
          System.out,
          System.err,
          r -> "lifted the quarantine of " + digest + " for " + app);
    }
  }
}

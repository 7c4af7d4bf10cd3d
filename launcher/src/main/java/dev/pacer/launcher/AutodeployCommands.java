package dev.pacer.launcher;

import dev.pacer.common.runtime.ProcessRunner;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pacer autodeploy test REF}: what a push would do, asked of a running Pacer. */
@Command(
    name = "autodeploy",
    mixinStandardHelpOptions = true,
    description = "Ask a running autodeployer.",
    subcommands = {AutodeployCommands.Test.class})
final class AutodeployCommands implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return ProcessRunner.CONFIG_ERROR;
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Say what a push of REF would do to every app, without acting: each app whose autodeploy"
            + " pattern matches, whether it would deploy, skip (and by which rule: the tag policy,"
            + " older, already running, rolled back), wait for a deploy freeze or only be a dry"
            + " run; and the nearest patterns that do not match (POST /autodeploy/test).",
        "Exit: 0 answered, 1 refused or unreachable, 2 usage."
      })
  static final class Test implements Callable<Integer> {
    @Mixin AdminCommands.Target target;

    @Parameters(
        paramLabel = "REF",
        description = "The image as it would be pushed, e.g. registry.example.com/acme/web:2.4.1.")
    String ref;

    @Option(
        names = "--digest",
        paramLabel = "DIGEST",
        description = "The digest it would have (default: the registry's for the tag now).")
    String digest;

    @Option(names = "--json", description = "Print the answer as it is (for jq).")
    boolean json;

    @Override
    public Integer call() {
      JsonObject body = new JsonObject().put("image", ref);
      if (digest != null) {
        body.put("digest", digest);
      }
      return AdminHttp.post(
          target,
          "/autodeploy/test",
          body,
          System.out,
          System.err,
          json ? JsonObject::encodePrettily : AutodeployCommands::render);
    }
  }

  /** One line per app that matches, then what the others are. */
  static String render(JsonObject a) {
    StringBuilder b = new StringBuilder();
    var apps = a.getJsonArray("apps");
    if (apps.isEmpty()) {
      b.append("No app's autodeploy pattern matches ").append(a.getString("image")).append('.');
    }
    int width = 0;
    for (Object o : apps) {
      width = Math.max(width, ((JsonObject) o).getString("app").length());
    }
    for (Object o : apps) {
      JsonObject x = (JsonObject) o;
      String verdict =
          switch (x.getString("verdict")) {
            case "deploys" -> "deploys";
            case "holds" -> "held (frozen)";
            case "dry-run" -> "dry run";
            case "awaits-approval" -> "awaits approval";
            case "skips" -> "skips (" + x.getString("rule") + ")";
            default -> x.getString("verdict") + " (" + x.getString("rule") + ")";
          };
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  %-22s %s",
              x.getString("app"),
              verdict,
              x.getString("reason")));
    }
    int others = a.getInteger("not-matched", 0);
    if (others > 0) {
      b.append('\n').append(others).append(others == 1 ? " other app does" : " other apps do");
      b.append(" not match");
      var nearest = a.getJsonArray("nearest");
      if (!nearest.isEmpty()) {
        JsonObject n = nearest.getJsonObject(0);
        b.append("; the nearest is ")
            .append(n.getString("app"))
            .append(" (")
            .append(n.getString("pattern"))
            .append("): '")
            .append(n.getString("compared"))
            .append("' stops matching at character ")
            .append(n.getInteger("at") + 1);
      }
      b.append('.');
    }
    return b.toString();
  }
}

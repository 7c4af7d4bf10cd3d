package dev.pacer.launcher;

import dev.pacer.common.runtime.ProcessRunner;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pacer pause}, {@code resume}, {@code rollback}, {@code drain} and {@code status}: the
 * runbook commands, over a running Pacer's admin API. Exit codes: 0 done, 1 refused or unreachable,
 * 2 usage.
 */
final class AdminCommands {
  private AdminCommands() {}

  /** Where the admin API is, and its token: flags, else the environment. */
  static final class Target {
    @Option(
        names = "--url",
        paramLabel = "URL",
        description = "Pacer's admin URL (default: $PACER_ADMIN_URL, else http://127.0.0.1:8090).")
    String url;

    @Option(
        names = "--token",
        paramLabel = "TOKEN",
        description = "pacer.admin.token (default: $PACER_ADMIN_TOKEN).")
    String token;

    String url() {
      String u = url != null ? url : System.getenv().getOrDefault("PACER_ADMIN_URL", "");
      return (u.isBlank() ? "http://127.0.0.1:8090" : u).replaceAll("/+$", "");
    }

    String token() {
      return token != null ? token : System.getenv().getOrDefault("PACER_ADMIN_TOKEN", "");
    }
  }

  /** {@code --app ID}, {@code --pool NAME} or {@code --all}. */
  static final class Scope {
    @Option(
        names = "--pool",
        paramLabel = "POOL",
        required = true,
        description = "One pool of Mesos agents (the agent-scaler), e.g. scaling.")
    String pool;

    @Option(
        names = "--app",
        paramLabel = "APP_ID",
        required = true,
        description = "One app, e.g. /shop/web.")
    String app;

    @Option(names = "--all", required = true, description = "Every app (the global pause).")
    boolean all;

    String scope() {
      return all ? "global" : pool != null ? "pool:" + pool : app;
    }
  }

  /** {@code --reason} and {@code --who}: said with every change a runbook makes. */
  static final class Why {
    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why, for /status, the log, the event and Slack.")
    String reason = "";

    @Option(names = "--who", paramLabel = "NAME", description = "Who (default: your user name).")
    String who;

    /** A request body with {@code reason} and {@code who} in it. */
    JsonObject body() {
      return new JsonObject()
          .put("reason", reason)
          .put("who", who != null ? who : System.getProperty("user.name", ""));
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause scaling of one app or of all, for a while. It ends by itself.")
  static final class Pause implements Callable<Integer> {
    @Mixin Target target;

    @ArgGroup(multiplicity = "1")
    Scope scope;

    @Option(
        names = "--for",
        paramLabel = "DURATION",
        required = true,
        description = "How long, e.g. 30m, 2h (capped by pacer.admin.max-pause).")
    String duration;

    @Mixin Why why;

    @Override
    public Integer call() {
      JsonObject body = why.body().put("scope", scope.scope()).put("for", duration);
      return post(
          target,
          "/pause",
          body,
          System.out,
          System.err,
          r -> {
            JsonObject p = r.getJsonObject("paused");
            return "paused "
                + p.getString("scope")
                + " until "
                + p.getString("until")
                + (p.getString("reason", "").isEmpty() ? "" : " (" + p.getString("reason") + ")");
          });
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "End a pause now.")
  static final class Resume implements Callable<Integer> {
    @Mixin Target target;

    @ArgGroup(multiplicity = "1")
    Scope scope;

    @Mixin Why why;

    @Override
    public Integer call() {
      JsonObject body = why.body().put("scope", scope.scope());
      return post(
          target,
          "/resume",
          body,
          System.out,
          System.err,
          r -> "resumed " + r.getJsonObject("resumed").getString("scope"));
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Put an app's previous image back (image only; instances untouched; never forced).")
  static final class Rollback implements Callable<Integer> {
    @Mixin Target target;

    @Option(
        names = "--app",
        paramLabel = "APP_ID",
        required = true,
        description = "The app, e.g. /shop/web.")
    String app;

    @Option(
        names = "--to",
        paramLabel = "IMAGE",
        description =
            "The image to put back (default: the one before the current image). It must be of"
                + " the app's repository and in the registry.")
    String to = "";

    @Option(
        names = "--other-repository",
        description = "Allow --to to name an image of another repository than the running one.")
    boolean otherRepository;

    @Option(
        names = "--skip-manifest-check",
        description = "Do not ask the registry whether --to exists (it is unreachable).")
    boolean skipManifestCheck;

    @Mixin Why why;

    @Override
    public Integer call() {
      JsonObject body =
          why.body()
              .put("app", app)
              .put("to", to)
              .put("other-repository", otherRepository)
              .put("skip-manifest-check", skipManifestCheck);
      return post(
          target,
          "/rollback",
          body,
          System.out,
          System.err,
          r ->
              "rolled back "
                  + r.getString("app")
                  + " from "
                  + r.getString("from")
                  + " to "
                  + r.getString("to")
                  + " (deployment "
                  + r.getString("deployment-id")
                  + ")");
    }
  }

  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      description =
          "Drain one agent of a pool by hand: Pacer moves its tasks, then terminates exactly its"
              + " instance.")
  static final class Drain implements Callable<Integer> {
    @Mixin Target target;

    @Option(
        names = "--pool",
        paramLabel = "POOL",
        required = true,
        description = "The agent's pool, e.g. scaling.")
    String pool;

    @Option(
        names = "--agent",
        paramLabel = "HOST",
        required = true,
        description = "The agent's hostname (or Mesos agent id).")
    String agent;

    @Mixin Why why;

    @Override
    public Integer call() {
      JsonObject body = why.body().put("pool", pool).put("agent", agent);
      return post(
          target,
          "/agents/drain",
          body,
          System.out,
          System.err,
          r ->
              (r.getBoolean("already-scheduled", false) ? "already draining " : "draining ")
                  + r.getString("agent")
                  + " ("
                  + r.getString("instance-id")
                  + ", "
                  + r.getInteger("tasks")
                  + " tasks) in pool "
                  + r.getString("pool"));
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Print a running Pacer's /status.")
  static final class Status implements Callable<Integer> {
    @Mixin Target target;

    @Override
    public Integer call() {
      try {
        HttpResponse<String> r =
            send(HttpRequest.newBuilder(URI.create(target.url() + "/status")).GET());
        if (r.statusCode() != 200) {
          System.err.println(
              "pacer: " + target.url() + "/status answered " + r.statusCode() + ": " + r.body());
          return ProcessRunner.FAILURE;
        }
        System.out.println(new JsonObject(r.body()).encodePrettily());
        return ProcessRunner.OK;
      } catch (IOException e) {
        System.err.println("pacer: cannot reach " + target.url() + ": " + e.getMessage());
        return ProcessRunner.FAILURE;
      }
    }
  }

  static int post(
      Target target,
      String path,
      JsonObject body,
      PrintStream out,
      PrintStream err,
      java.util.function.Function<JsonObject, String> ok) {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(target.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (!target.token().isEmpty()) {
      req.header("Authorization", "Bearer " + target.token());
    }
    try {
      HttpResponse<String> r = send(req);
      JsonObject answer;
      try {
        answer = new JsonObject(r.body());
      } catch (RuntimeException e) {
        answer = new JsonObject().put("error", r.body());
      }
      if (r.statusCode() != 200) {
        err.println(
            "pacer: "
                + path.substring(path.lastIndexOf('/') + 1)
                + " refused ("
                + r.statusCode()
                + "): "
                + answer.getString("error", r.body()));
        return ProcessRunner.FAILURE;
      }
      out.println(ok.apply(answer));
      return ProcessRunner.OK;
    } catch (IOException e) {
      err.println("pacer: cannot reach " + target.url() + ": " + e.getMessage());
      return ProcessRunner.FAILURE;
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder req) throws IOException {
    try {
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .build()
          .send(req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}

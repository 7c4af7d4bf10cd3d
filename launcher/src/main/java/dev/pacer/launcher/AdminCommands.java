package dev.pacer.launcher;

import dev.pacer.common.runtime.ProcessRunner;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
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
        description =
            "pacer.admin.token (default: $PACER_ADMIN_TOKEN, else the file"
                + " $PACER_ADMIN_TOKEN_FILE names).")
    String token;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        description = "How long to wait for Pacer's answer, e.g. 30s (default 30s).")
    String timeout = "30s";

    /**
     * The admin API's base URL: {@code host:port} gets {@code http://}, a trailing {@code /} or
     * {@code /status} goes.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    String url() {
      String given = url != null ? url : System.getenv().getOrDefault("PACER_ADMIN_URL", "");
      String from = url != null ? "--url" : "$PACER_ADMIN_URL";
      String u = given.strip();
      if (u.isEmpty()) {
        return "http://127.0.0.1:8090";
      }
      if (!u.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) {
        u = "http://" + u;
      }
      u = u.replaceAll("/+$", "").replaceAll("/status$", "").replaceAll("/+$", "");
      URI parsed;
      try {
        parsed = new URI(u);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(
            from + " '" + given + "' is not a URL: " + e.getReason(), e);
      }
      if (!"http".equalsIgnoreCase(parsed.getScheme())
          && !"https".equalsIgnoreCase(parsed.getScheme())) {
        throw new IllegalArgumentException(
            from + " '" + given + "': only http:// and https:// are served");
      }
      if (parsed.getHost() == null) {
        throw new IllegalArgumentException(
            from + " '" + given + "' has no host (e.g. pacer.example.internal:8090)");
      }
      return u;
    }

    Duration timeout() {
      try {
        Duration d =
            com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of("t", timeout))
                .getDuration("t");
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("not positive");
        }
        return d;
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--timeout '" + timeout + "' is not a duration (e.g. 30s, 2m)", e);
      }
    }

    /** --token, else $PACER_ADMIN_TOKEN, else the content of $PACER_ADMIN_TOKEN_FILE. */
    String token() {
      if (token != null) {
        return token;
      }
      String env = System.getenv().getOrDefault("PACER_ADMIN_TOKEN", "");
      String file = System.getenv().getOrDefault("PACER_ADMIN_TOKEN_FILE", "");
      if (env.isEmpty() && !file.isEmpty()) {
        try {
          return java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
        } catch (IOException | RuntimeException e) {
          throw new IllegalArgumentException(
              "$PACER_ADMIN_TOKEN_FILE '" + file + "' cannot be read: " + e.getMessage(), e);
        }
      }
      return env;
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

    /**
     * The scope of a deploy freeze ({@code --deploys}): {@code deploys:<app>} or {@code
     * deploys:global}; a pool has no deploys.
     */
    String scope(boolean deploys) {
      if (!deploys) {
        return scope();
      }
      if (pool != null) {
        throw new IllegalArgumentException(
            "--deploys freezes an app's deploys (--app) or all (--all), not a pool's");
      }
      return dev.pacer.common.control.Pause.DEPLOYS_PREFIX + (all ? "global" : app);
    }

    /** What the scope names, said back: {@code deploys of /shop/web}, {@code /shop/web}. */
    static String said(String scope) {
      return scope.startsWith(dev.pacer.common.control.Pause.DEPLOYS_PREFIX)
          ? "deploys of "
              + (scope.equals(dev.pacer.common.control.Pause.DEPLOYS_GLOBAL)
                  ? "all apps"
                  : scope.substring(dev.pacer.common.control.Pause.DEPLOYS_PREFIX.length()))
          : scope;
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
      description =
          "Pause scaling of one app or of all, for a while; with --deploys, freeze its deploys"
              + " instead (pushes wait, the newest per app, and deploy when it ends). It ends by"
              + " itself.")
  static final class Pause implements Callable<Integer> {
    @Mixin Target target;

    @ArgGroup(multiplicity = "1")
    Scope scope;

    @Option(
        names = "--deploys",
        description =
            "Freeze the autodeployer's deploys of the app (or of all) instead of scaling: a scale"
                + " pause does not freeze deploys, nor a freeze scaling.")
    boolean deploys;

    @Option(
        names = "--for",
        paramLabel = "DURATION",
        required = true,
        description = "How long, e.g. 30m, 2h (capped by pacer.admin.max-pause).")
    String duration;

    @Mixin Why why;

    @Override
    public Integer call() {
      String s;
      try {
        s = scope.scope(deploys);
      } catch (IllegalArgumentException e) {
        System.err.println("pacer pause: " + e.getMessage());
        return dev.pacer.common.runtime.ProcessRunner.CONFIG_ERROR;
      }
      JsonObject body = why.body().put("scope", s).put("for", duration);
      return AdminHttp.post(
          target,
          "/pause",
          body,
          System.out,
          System.err,
          r -> {
            JsonObject p = r.getJsonObject("paused");
            boolean freeze =
                p.getString("scope").startsWith(dev.pacer.common.control.Pause.DEPLOYS_PREFIX);
            return (freeze ? "froze " : "paused ")
                + Scope.said(p.getString("scope"))
                + " until "
                + p.getString("until")
                + (p.getString("reason", "").isEmpty() ? "" : " (" + p.getString("reason") + ")");
          });
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "End a pause now; with --deploys, a deploy freeze (the pushes it held go).")
  static final class Resume implements Callable<Integer> {
    @Mixin Target target;

    @ArgGroup(multiplicity = "1")
    Scope scope;

    @Option(names = "--deploys", description = "End the deploy freeze of the app (or of all).")
    boolean deploys;

    @Mixin Why why;

    @Override
    public Integer call() {
      String s;
      try {
        s = scope.scope(deploys);
      } catch (IllegalArgumentException e) {
        System.err.println("pacer resume: " + e.getMessage());
        return dev.pacer.common.runtime.ProcessRunner.CONFIG_ERROR;
      }
      JsonObject body = why.body().put("scope", s);
      return AdminHttp.post(
          target,
          "/resume",
          body,
          System.out,
          System.err,
          r -> "resumed " + Scope.said(r.getJsonObject("resumed").getString("scope")));
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
      return AdminHttp.post(
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
      return AdminHttp.post(
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
      description =
          "Print a summary of a running Pacer: daemons, pauses, apps holding or failing, pools."
              + " --json prints its /status document.")
  static final class Status implements Callable<Integer> {
    @Mixin Target target;

    @Option(names = "--json", description = "Print the /status document as it is (for jq).")
    boolean json;

    @Override
    public Integer call() {
      return call(System.out, System.err);
    }

    int call(PrintStream out, PrintStream err) {
      String base;
      try {
        base = target.url();
        target.timeout();
      } catch (IllegalArgumentException e) {
        err.println("pacer: " + e.getMessage());
        return ProcessRunner.CONFIG_ERROR;
      }
      try {
        HttpResponse<String> r =
            AdminHttp.send(HttpRequest.newBuilder(URI.create(base + "/status")).GET(), target);
        if (r.statusCode() != 200) {
          err.println("pacer: " + base + "/status answered " + r.statusCode() + ": " + r.body());
          return ProcessRunner.FAILURE;
        }
        JsonObject doc;
        try {
          doc = new JsonObject(r.body());
        } catch (RuntimeException e) {
          err.println(
              "pacer: " + base + "/status is not Pacer's JSON: " + AdminHttp.abbreviate(r.body()));
          return ProcessRunner.FAILURE;
        }
        out.println(json ? doc.encodePrettily() : StatusSummary.render(doc));
        return ProcessRunner.OK;
      } catch (IOException e) {
        err.println("pacer: cannot reach " + base + ": " + AdminHttp.cause(e, target));
        return ProcessRunner.FAILURE;
      }
    }
  }
}

package dev.pacer.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pacer.common.marathon.DeploymentRef;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.MarathonEvent;
import dev.pacer.common.marathon.MarathonException;
import dev.pacer.common.time.Scheduler;
import dev.pacer.deploy.config.AppConfig;
import dev.pacer.deploy.config.AppConfigs;
import dev.pacer.deploy.config.Problem;
import dev.pacer.deploy.plan.DeployPlan;
import dev.pacer.deploy.plan.DeployPlanner;
import dev.pacer.deploy.sandbox.SandboxLogs;
import dev.pacer.deploy.watch.DeploymentProgress;
import dev.pacer.slacknotifier.format.ConfigDiff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code pacer deploy}: render and check the config, check the image, read the running app,
 * plan, show the diff, ask, PUT, then follow the deployment through the event stream (attached
 * before the PUT, so no event is lost) until it succeeds, fails or times out, printing the logs of
 * each task of the new version that fails. Runs on one Vert.x context.
 */
public final class DeployRun {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int IMAGE_NOT_FOUND = 3;
  public static final int TIMED_OUT = 124;

  static final List<String> EVENT_TYPES =
      List.of(
          "deployment_info",
          "deployment_step_success",
          "deployment_step_failure",
          "deployment_success",
          "deployment_failed",
          "status_update_event",
          "health_status_changed_event",
          "instance_health_changed_event",
          "unhealthy_instance_kill_event");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final DeployOptions options;
  private final Map<String, String> environment;
  private final MarathonClient marathon;
  private final MarathonEvents events;
  private final ImageCheck images;
  private final SandboxLogs logs;
  private final Scheduler scheduler;
  private final Terminal term;
  private final String source;
  private final List<Future<?>> fetching = new ArrayList<>();
  private final Promise<Integer> done = Promise.promise();
  private DeploymentProgress progress;
  private String appId;
  private String deploymentId;
  private boolean attached;
  private boolean finishing;

  /**
   * @param logs null when no Mesos master is known: failed tasks are reported without their logs
   * @param source what {@code pacer.deploy-source} says: the file, and the commit when in git
   */
  public DeployRun(
      DeployOptions options,
      Map<String, String> environment,
      MarathonClient marathon,
      MarathonEvents events,
      ImageCheck images,
      SandboxLogs logs,
      Scheduler scheduler,
      Terminal term,
      String source) {
    this.options = options;
    this.environment = environment;
    this.marathon = marathon;
    this.events = events;
    this.images = images;
    this.logs = logs;
    this.scheduler = scheduler;
    this.term = term;
    this.source = source;
  }

  /** Renders and checks the config; empty (and the problems printed) when it cannot be used. */
  static Optional<AppConfig> render(DeployOptions o, Map<String, String> env, Terminal term) {
    AppConfigs.Result r =
        AppConfigs.load(o.file(), new AppConfigs.Options(o.env(), o.overrides(), env));
    for (Problem p : r.problems()) {
      term.error(p.toString());
    }
    return r.ok() ? r.config() : Optional.empty();
  }

  /** The exit code. */
  public Future<Integer> run() {
    Optional<AppConfig> config = render(options, environment, term);
    if (config.isEmpty()) {
      return Future.succeededFuture(USAGE);
    }
    AppConfig app = config.get();
    Optional<String> image = options.image().or(app::image);
    Future<ImageCheck.Answer> checked =
        image.isPresent() && options.checkImage()
            ? images.check(image.get())
            : Future.succeededFuture(
                new ImageCheck.Answer(ImageCheck.Status.UNCHECKED, "image check off"));
    return checked
        .compose(
            a -> {
              switch (a.status()) {
                case NOT_FOUND -> {
                  term.error("pacer: " + a.detail());
                  return Future.succeededFuture(IMAGE_NOT_FOUND);
                }
                case UNCHECKED -> {
                  if (image.isPresent() && options.checkImage()) {
                    term.line("image " + image.get() + " not checked: " + a.detail());
                  }
                }
                case FOUND -> term.line("image " + image.get() + ": " + a.detail());
              }
              return marathon.appDefinition(app.appId()).compose(r -> planned(app, r));
            },
            e -> {
              term.error(
                  "pacer: could not check image "
                      + image.orElse("")
                      + " in its registry: "
                      + e.getMessage());
              return Future.succeededFuture(FAILED);
            })
        .recover(
            e -> {
              term.error("pacer: " + describe(e));
              return Future.succeededFuture(FAILED);
            });
  }

  private Future<Integer> planned(AppConfig app, Optional<JsonObject> running) {
    Optional<Map<String, Object>> current = running.map(DeployRun::plain);
    DeployPlan plan = DeployPlanner.plan(app, current, options.image(), options.user(), source);
    plan.notes().forEach(n -> term.text("  " + n));
    if (plan.creates()) {
      term.text("+ new app " + plan.appId() + ":");
      term.text(json(plan.body()));
    } else if (plan.changes().isEmpty()) {
      term.text("no changes to " + plan.appId());
    } else {
      term.text("changes to " + plan.appId() + ":");
      plan.changes().forEach(c -> term.text(diffLine(c)));
    }
    if (options.dryRun()) {
      if (!options.diffOnly()) {
        term.text("dry run: nothing sent to Marathon");
      }
      return Future.succeededFuture(OK);
    }
    if (plan.unchanged()) {
      term.text("nothing to deploy");
      return Future.succeededFuture(OK);
    }
    if (term.live() && !options.yes() && !term.confirm("Deploy " + plan.appId() + "?")) {
      term.error("pacer: not deployed (answered no; --yes skips the question)");
      return Future.succeededFuture(FAILED);
    }
    // instances not sent: Marathon keeps the running count (a new app gets its default, 1)
    int target =
        plan.body().get("instances") instanceof Number n
            ? n.intValue()
            : running.map(r -> r.getInteger("instances", 1)).orElse(1);
    boolean health =
        plan.body().get("healthChecks") instanceof List<?> l
            ? !l.isEmpty()
            : running.map(r -> r.getJsonArray("healthChecks")).map(a -> !a.isEmpty()).orElse(false);
    appId = plan.appId();
    progress = new DeploymentProgress(appId, target, health, options.maxTaskFailures());
    return events
        .attach(this::onEvent, this::resync)
        .compose(
            attached -> {
              this.attached = attached;
              if (!attached) {
                term.line(
                    "Marathon's event stream is not attached: the deployment is followed by"
                        + " polling /v2/deployments");
              }
              return marathon.putApp(plan.appId(), new JsonObject(plan.body()), options.force());
            })
        .compose(this::follow);
  }

  private Future<Integer> follow(DeploymentRef ref) {
    deploymentId = ref.deploymentId();
    term.line("deployment " + ref.deploymentId() + " started (version " + ref.version() + ")");
    apply(progress.started(ref.deploymentId(), ref.version()));
    scheduler.after(
        options.timeout(),
        () ->
            finish(
                TIMED_OUT,
                "timed out after "
                    + human(options.timeout())
                    + ": deployment "
                    + deploymentId
                    + " is still in flight ("
                    + progress.summary()
                    + ")"));
    // without the stream, the deployment's end is polled; with it, a reattach resyncs
    java.time.Duration poll = java.time.Duration.ofSeconds(attached ? 30 : 2);
    scheduler.every(poll, poll, this::resync);
    return done.future();
  }

  private void onEvent(MarathonEvent e) {
    if (progress == null || finishing) {
      return;
    }
    apply(progress.on(e.eventType(), e.payload()));
  }

  private void apply(DeploymentProgress.Update u) {
    u.lines().forEach(term::line);
    for (DeploymentProgress.TaskFailure f : u.failures()) {
      fetching.add(printLogs(f));
    }
    if (deploymentId != null) {
      term.progress(progress.summary());
    }
    switch (u.state()) {
      case SUCCEEDED -> finish(OK, null);
      case FAILED -> finish(FAILED, "deployment failed: " + progress.reason());
      case IN_FLIGHT -> {}
    }
  }

  private Future<Void> printLogs(DeploymentProgress.TaskFailure f) {
    if (logs == null) {
      term.text(
          "  (no logs: no Mesos master known; set pacer.mesos.urls or --mesos URL to fetch them)");
      return Future.succeededFuture();
    }
    return logs.tail(f.agentId(), f.taskId(), options.logLines())
        .onSuccess(
            l -> {
              StringBuilder sb = new StringBuilder();
              sb.append("--- logs of task ").append(f.taskId()).append(" (").append(l.directory());
              sb.append(" on ").append(l.agent()).append(")\n");
              l.files()
                  .forEach(
                      (name, lines) -> {
                        sb.append("--- ").append(name).append(" (last ").append(lines.size());
                        sb.append(" lines)\n");
                        lines.forEach(x -> sb.append(x).append('\n'));
                      });
              l.errors()
                  .forEach(
                      (name, why) ->
                          sb.append("--- ").append(name).append(": ").append(why).append('\n'));
              term.text(sb.toString().stripTrailing());
            })
        .onFailure(e -> term.text("  (no logs of task " + f.taskId() + ": " + e.getMessage() + ")"))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  /** Events may have been lost: if our deployment is gone, the app's tasks say how it ended. */
  private void resync() {
    if (deploymentId == null || finishing) {
      return;
    }
    marathon
        .deployments()
        .onSuccess(
            list -> {
              if (list.stream().noneMatch(d -> d.id().equals(deploymentId)) && !finishing) {
                marathon.appDefinition(appId).onSuccess(a -> endedUnseen(a.orElse(null)));
              }
            });
  }

  private void endedUnseen(JsonObject app) {
    if (app == null) {
      finish(FAILED, "deployment " + deploymentId + " ended and the app is gone");
      return;
    }
    int instances = app.getInteger("instances", 0);
    boolean health =
        !app.getJsonArray("healthChecks", new io.vertx.core.json.JsonArray()).isEmpty();
    int ready = health ? app.getInteger("tasksHealthy", 0) : app.getInteger("tasksRunning", 0);
    if (ready >= instances) {
      term.line(
          "deployment "
              + deploymentId
              + " is gone and "
              + ready
              + "/"
              + instances
              + (health ? " tasks are healthy" : " tasks run")
              + ": deployed");
      finish(OK, null);
    } else {
      finish(
          FAILED,
          "deployment "
              + deploymentId
              + " ended with "
              + ready
              + "/"
              + instances
              + " tasks ready (its events were missed)");
    }
  }

  private void finish(int code, String why) {
    if (finishing) {
      return;
    }
    finishing = true;
    term.endProgress();
    Future<?> rollback = Future.succeededFuture();
    if (code != OK && why != null) {
      term.error("pacer: " + why);
      if (options.rollbackOnFailure() && deploymentId != null) {
        rollback =
            marathon
                .revertDeployment(deploymentId)
                .onSuccess(
                    r ->
                        term.line(
                            "rolled back: deployment "
                                + deploymentId
                                + " cancelled; Marathon reverts the app in deployment "
                                + r.deploymentId()))
                .onFailure(e -> term.error("pacer: rollback failed: " + describe(e)));
      }
    }
    List<Future<?>> pending = new ArrayList<>(fetching);
    pending.add(rollback);
    Future.join(pending).onComplete(v -> done.tryComplete(code));
  }

  private static String diffLine(ConfigDiff.Change c) {
    if (c.before() == null) {
      return "  + " + c.path() + ": " + compact(c.after());
    }
    if (c.after() == null) {
      return "  - " + c.path() + ": " + compact(c.before());
    }
    return "  ~ " + c.path() + ": " + compact(c.before()) + " → " + compact(c.after());
  }

  private static String compact(Object o) {
    try {
      return new ObjectMapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      return String.valueOf(o);
    }
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      return String.valueOf(o);
    }
  }

  /**
   * Plain maps and lists all the way down, as the pure planner and progress read them (a Vert.x
   * JSON object may hold nested {@code JsonObject}s).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> plain(JsonObject o) {
    return io.vertx.core.json.Json.decodeValue(o.encode(), Map.class);
  }

  static String human(java.time.Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  static String describe(Throwable e) {
    if (e instanceof MarathonException.AppLocked locked) {
      return "the app is locked by deployment(s) "
          + locked.deploymentIds()
          + ": wait for them (pacer deploy never forces unless --force)";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}

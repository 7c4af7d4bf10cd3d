package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImageReference;
import dev.pacer.autodeployer.plan.DeployFacts;
import dev.pacer.autodeployer.plan.DeploymentPlanner;
import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.events.types.DeployRolledBack;
import dev.pacer.common.marathon.AppVersion;
import dev.pacer.common.marathon.MarathonClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /rollback} ({@code pacer rollback}): puts an app's image back by hand, the way the
 * autodeployer rolls back a failed deploy: the image only, instances and the rest untouched, never
 * forced. Without {@code to}, the image before the current one, from Marathon's versions of the
 * app. Refused (409) while the autodeployer has a deploy of the app in flight or waiting: a
 * rollback must not race it. A {@code to} must be an image reference (400 naming what is wrong), of
 * the app's own repository unless {@code other-repository} is set, and in the registry (the
 * manifest check autodeploy makes, unless {@code skip-manifest-check}). Publishes {@code
 * pacer.deploy.rolled_back} with who and why.
 */
public final class ManualRollback {
  private static final Logger LOG = LoggerFactory.getLogger(ManualRollback.class);

  /** How many of Marathon's versions to look back through for a different image. */
  static final int MAX_VERSIONS = 20;

  private final MarathonClient marathon;
  private final Autodeployer autodeployer;
  private final RegistryClient registry;
  private final boolean manifestCheck;

  public ManualRollback(
      MarathonClient marathon,
      Autodeployer autodeployer,
      RegistryClient registry,
      boolean manifestCheck) {
    this.marathon = marathon;
    this.autodeployer = autodeployer;
    this.registry = registry;
    this.manifestCheck = manifestCheck;
  }

  /** A refusal the caller can fix: answered with its status and message. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** The rollback's options beyond app and target. */
  record Options(String who, String reason, boolean otherRepository, boolean skipManifestCheck) {}

  /** Call on the autodeployer's context: the handler runs there, beside the app lanes. */
  public void mount(Router router, Handler<RoutingContext> requireToken) {
    io.vertx.core.Context lanes = io.vertx.core.Vertx.currentContext();
    AdminApi.readCommandBody(router, "/rollback");
    router.post("/rollback").handler(requireToken);
    router.post("/rollback").handler(ctx -> lanes.runOnContext(v -> handle(ctx)));
  }

  private void handle(RoutingContext ctx) {
    JsonObject body = AdminApi.jsonBody(ctx);
    if (body == null || !(body.getValue("app") instanceof String app) || !app.startsWith("/")) {
      AdminApi.json(ctx, 400, AdminApi.error("expected {\"app\": \"/group/app\", ...}"));
      return;
    }
    String to = body.getString("to", "");
    Options o =
        new Options(
            body.getString("who", ""),
            body.getString("reason", ""),
            Boolean.TRUE.equals(body.getValue("other-repository")),
            Boolean.TRUE.equals(body.getValue("skip-manifest-check")));
    if (autodeployer.busy(app)) {
      AdminApi.json(
          ctx,
          409,
          AdminApi.error(
              "a deploy of "
                  + app
                  + " is in flight or waiting; roll back once it ended (pacer status shows it)"));
      return;
    }
    rollBack(app, to, o)
        .onSuccess(answer -> AdminApi.json(ctx, 200, answer))
        .onFailure(
            e ->
                AdminApi.json(
                    ctx,
                    e instanceof Refused r
                        ? r.status
                        : e instanceof IllegalArgumentException ? 404 : 502,
                    AdminApi.error(e.getMessage())));
  }

  Future<JsonObject> rollBack(String app, String to, Options o) {
    return marathon
        .getApp(app)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof dev.pacer.common.marathon.MarathonException.NotFound
                        ? new IllegalArgumentException("no app " + app + " in Marathon")
                        : e))
        .compose(
            current -> {
              String now = current.image();
              if (now.isEmpty()) {
                return Future.failedFuture(
                    new IllegalArgumentException(app + " has no Docker image to roll back"));
              }
              String version = current.version();
              Future<Target> target =
                  !to.isEmpty()
                      ? named(to, now, o).compose(t -> withLabelsOfItsVersion(app, version, t))
                      : previousImage(app, version, now);
              // the digest rolled back from: a redelivered push of it is not deployed again
              String from = current.labels().getOrDefault(DeploymentPlanner.IMAGE_DIGEST, "");
              return target.compose(
                  t -> {
                    String image = t.image();
                    if (image.equals(now)) {
                      return Future.failedFuture(
                          new IllegalArgumentException(app + " already runs " + image));
                    }
                    return marathon
                        .updateImage(
                            app, image, DeploymentPlanner.restoring(t.labels(), from), false)
                        .compose(
                            ref ->
                                announce(
                                    app,
                                    now,
                                    image,
                                    ref.deploymentId(),
                                    o.who(),
                                    o.reason(),
                                    from));
                  });
            });
  }

  /**
   * {@code to}, once it is an image reference, of the running image's repository (unless the caller
   * says otherwise) and in the registry (unless the check is off).
   */
  /** The image to put back, and the labels that described it when it ran. */
  private record Target(String image, Map<String, String> labels) {}

  private Future<Target> named(String to, String now, Options o) {
    ImageReference target;
    try {
      target = ImageReference.parse(to);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new Refused(400, "--to: " + e.getMessage()));
    }
    String running = runningName(now);
    if (!o.otherRepository() && !target.name().equals(running)) {
      return Future.failedFuture(
          new Refused(
              400,
              "--to "
                  + to
                  + " is of "
                  + target.name()
                  + ", not of "
                  + (running.isEmpty() ? "the running image's repository" : running)
                  + " the app runs; pass --other-repository if that is meant"));
    }
    String base = registry.base(target.host());
    if (!manifestCheck || o.skipManifestCheck() || base.isEmpty()) {
      return Future.succeededFuture(new Target(to, digestOnly(target.digest())));
    }
    return registry
        .digest(base, target.repository(), target.manifest())
        .recover(
            e ->
                Future.failedFuture(
                    new Refused(
                        502,
                        "could not ask the registry whether "
                            + to
                            + " exists ("
                            + e.getMessage()
                            + "); pass --skip-manifest-check to roll back without asking")))
        .compose(
            d ->
                d.isPresent()
                    ? Future.succeededFuture(new Target(to, digestOnly(d.get())))
                    : Future.failedFuture(
                        new Refused(
                            400,
                            "--to "
                                + to
                                + ": no such manifest in the registry ("
                                + base
                                + "); check the tag")));
  }

  /** The repository of the running image, with its host; "" when it does not parse. */
  private static String runningName(String image) {
    try {
      return ImageReference.parse(image).name();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** Labels that say only the image's digest (none when it is not known). */
  private static Map<String, String> digestOnly(String digest) {
    return digest.isEmpty() ? Map.of() : Map.of(DeploymentPlanner.IMAGE_DIGEST, digest);
  }

  /** {@code t} with the labels of the newest earlier version that ran its image, if one did. */
  private Future<Target> withLabelsOfItsVersion(String app, String currentVersion, Target t) {
    return earlier(app, currentVersion, def -> def.image().equals(t.image()))
        .map(def -> def == null ? t : new Target(t.image(), def.labels()));
  }

  /** The newest earlier version's image that differs from {@code now}, with its labels. */
  private Future<Target> previousImage(String app, String currentVersion, String now) {
    return earlier(app, currentVersion, def -> !def.image().isEmpty() && !def.image().equals(now))
        .compose(
            def ->
                def == null
                    ? Future.failedFuture(
                        new IllegalArgumentException(
                            "no earlier image of "
                                + app
                                + " in its last "
                                + MAX_VERSIONS
                                + " versions; name one with --to"))
                    : Future.succeededFuture(new Target(def.image(), def.labels())));
  }

  /** The newest of the app's last versions before the current one that {@code wanted}; or null. */
  private Future<AppVersion> earlier(
      String app, String currentVersion, java.util.function.Predicate<AppVersion> wanted) {
    return marathon
        .appVersions(app)
        .compose(
            versions ->
                first(
                    app,
                    versions.stream()
                        .filter(v -> !v.equals(currentVersion))
                        .limit(MAX_VERSIONS)
                        .toList(),
                    0,
                    wanted));
  }

  private Future<AppVersion> first(
      String app, List<String> versions, int i, java.util.function.Predicate<AppVersion> wanted) {
    if (i >= versions.size()) {
      return Future.succeededFuture(null);
    }
    return marathon
        .appVersion(app, versions.get(i))
        .compose(
            def ->
                wanted.test(def)
                    ? Future.succeededFuture(def)
                    : first(app, versions, i + 1, wanted));
  }

  private Future<JsonObject> announce(
      String app,
      String from,
      String to,
      String deploymentId,
      String who,
      String reason,
      String digest) {
    String why =
        "by hand"
            + (who.isEmpty() ? "" : " (" + who + ")")
            + (reason.isEmpty() ? "" : ": " + reason);
    LOG.info("app={} rolled back by hand from {} to {} {}", app, from, to, why);
    autodeployer.recordManual(app, to, "from " + from + " " + why);
    boolean quarantine = !digest.isEmpty();
    return (quarantine
            ? autodeployer
                .holds()
                .quarantine(app, digest, "rolled back from " + from + " " + why, who)
            : Future.<Void>succeededFuture())
        .compose(
            q ->
                autodeployer
                    .events()
                    .publish(
                        app,
                        new DeployRolledBack(
                            DeployFacts.of(to, from, deploymentId, null, why),
                            who,
                            quarantine ? digest : null)))
        .otherwiseEmpty()
        .map(
            v ->
                new JsonObject()
                    .put("app", app)
                    .put("from", from)
                    .put("to", to)
                    .put("deployment-id", deploymentId));
  }
}

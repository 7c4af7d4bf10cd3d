package dev.pacer.autodeployer.deploy;

import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.marathon.MarathonClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /rollback} ({@code pacer rollback}): puts an app's image back by hand, the way the
 * autodeployer rolls back a failed deploy: the image only, instances and the rest untouched, never
 * forced. Without {@code to}, the image before the current one, from Marathon's versions of the
 * app. Refused (409) while the autodeployer has a deploy of the app in flight or waiting: a
 * rollback must not race it. Publishes {@code pacer.deploy.rolled_back} with who and why.
 */
public final class ManualRollback {
  private static final Logger LOG = LoggerFactory.getLogger(ManualRollback.class);

  /** How many of Marathon's versions to look back through for a different image. */
  static final int MAX_VERSIONS = 20;

  private final MarathonClient marathon;
  private final Autodeployer autodeployer;
  private final Clock clock;

  public ManualRollback(MarathonClient marathon, Autodeployer autodeployer, Clock clock) {
    this.marathon = marathon;
    this.autodeployer = autodeployer;
    this.clock = clock;
  }

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
    String who = body.getString("who", "");
    String reason = body.getString("reason", "");
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
    rollBack(app, to, who, reason)
        .onSuccess(answer -> AdminApi.json(ctx, 200, answer))
        .onFailure(
            e ->
                AdminApi.json(
                    ctx,
                    e instanceof IllegalArgumentException ? 404 : 502,
                    AdminApi.error(e.getMessage())));
  }

  Future<JsonObject> rollBack(String app, String to, String who, String reason) {
    return marathon
        .appJson(app)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof dev.pacer.common.marathon.MarathonException.NotFound
                        ? new IllegalArgumentException("no app " + app + " in Marathon")
                        : e))
        .compose(
            current -> {
              String now = image(current);
              if (now.isEmpty()) {
                return Future.failedFuture(
                    new IllegalArgumentException(app + " has no Docker image to roll back"));
              }
              Future<String> target =
                  !to.isEmpty()
                      ? Future.succeededFuture(to)
                      : previousImage(app, current.getString("version", ""), now);
              return target.compose(
                  image -> {
                    if (image.equals(now)) {
                      return Future.failedFuture(
                          new IllegalArgumentException(app + " already runs " + image));
                    }
                    return marathon
                        .updateImage(app, image, Map.of(), false)
                        .compose(ref -> announce(app, now, image, ref.deploymentId(), who, reason));
                  });
            });
  }

  /** The newest earlier version's image that differs from {@code now}. */
  private Future<String> previousImage(String app, String currentVersion, String now) {
    return marathon
        .appVersions(app)
        .compose(
            versions -> {
              List<String> older =
                  versions.stream()
                      .filter(v -> !v.equals(currentVersion))
                      .limit(MAX_VERSIONS)
                      .toList();
              return firstOther(app, older, 0, now);
            });
  }

  private Future<String> firstOther(String app, List<String> versions, int i, String now) {
    if (i >= versions.size()) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "no earlier image of "
                  + app
                  + " in its last "
                  + versions.size()
                  + " versions; name one with --to"));
    }
    return marathon
        .appDefinition(app, versions.get(i))
        .compose(
            def -> {
              String image = image(def);
              return !image.isEmpty() && !image.equals(now)
                  ? Future.succeededFuture(image)
                  : firstOther(app, versions, i + 1, now);
            });
  }

  private Future<JsonObject> announce(
      String app, String from, String to, String deploymentId, String who, String reason) {
    String why =
        "by hand"
            + (who.isEmpty() ? "" : " (" + who + ")")
            + (reason.isEmpty() ? "" : ": " + reason);
    LOG.info("app={} rolled back by hand from {} to {} {}", app, from, to, why);
    autodeployer.recordManual(app, to, "from " + from + " " + why, clock.instant());
    Map<String, Object> d = DeployEvents.data(to, from, deploymentId, null, why);
    d.put("by", who);
    return autodeployer
        .events()
        .publish(DeployEvents.ROLLED_BACK, app, d)
        .otherwiseEmpty()
        .map(
            v ->
                new JsonObject()
                    .put("app", app)
                    .put("from", from)
                    .put("to", to)
                    .put("deployment-id", deploymentId));
  }

  private static String image(JsonObject app) {
    JsonObject c = app.getJsonObject("container", new JsonObject());
    return c.getJsonObject("docker", new JsonObject()).getString("image", "");
  }
}

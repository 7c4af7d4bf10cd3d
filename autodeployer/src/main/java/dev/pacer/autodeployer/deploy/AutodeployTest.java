package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.ingest.ImageReference;
import dev.pacer.autodeployer.plan.LaneState;
import dev.pacer.autodeployer.plan.TestPlanner;
import dev.pacer.autodeployer.policy.PushMatches;
import dev.pacer.autodeployer.policy.WatchedApp;
import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.marathon.MarathonClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /autodeploy/test} ({@code pacer autodeploy test REF}): {@code {"image":
 * "host/repo:tag", "digest"?: "sha256:…"}} answers what a push of it would do to every app, without
 * acting. The digest, when not given, is the registry's for the tag now (none for a tag not pushed
 * yet). Read only, as {@code /status}: no token.
 */
public final class AutodeployTest {
  private final Autodeployer autodeployer;
  private final MarathonClient marathon;
  private final RegistryClient registry;
  private final Clock clock;

  public AutodeployTest(
      Autodeployer autodeployer, MarathonClient marathon, RegistryClient registry, Clock clock) {
    this.autodeployer = autodeployer;
    this.marathon = marathon;
    this.registry = registry;
    this.clock = clock;
  }

  /** Call on the autodeployer's context: the handler reads the lanes there. */
  public void mount(Router router) {
    io.vertx.core.Context lanes = io.vertx.core.Vertx.currentContext();
    AdminApi.readCommandBody(router, "/autodeploy/test");
    router.post("/autodeploy/test").handler(ctx -> lanes.runOnContext(v -> handle(ctx)));
  }

  private void handle(RoutingContext ctx) {
    JsonObject body = AdminApi.jsonBody(ctx);
    if (body == null || !(body.getValue("image") instanceof String image)) {
      AdminApi.json(
          ctx,
          400,
          AdminApi.error("expected {\"image\": \"registry.example.com/acme/web:2.4.1\"}"));
      return;
    }
    ImageReference ref;
    try {
      ref = ImageReference.parse(image);
      if (ref.tag().isEmpty()) {
        throw new IllegalArgumentException(image + " names no tag: a push is of a tag");
      }
    } catch (IllegalArgumentException e) {
      AdminApi.json(ctx, 400, AdminApi.error("image: " + e.getMessage()));
      return;
    }
    Object asked = body.getValue("digest");
    if (asked != null && !(asked instanceof String a && (a.isEmpty() || a.contains(":")))) {
      AdminApi.json(
          ctx, 400, AdminApi.error("digest: expected such as \"sha256:…\", got " + asked));
      return;
    }
    String given = asked != null ? (String) asked : ref.digest() == null ? "" : ref.digest();
    digest(ref, given)
        .compose(
            d ->
                test(
                    new ImagePush(
                        "test",
                        "pacer autodeploy test",
                        ref.host(),
                        ref.repository(),
                        ref.tag(),
                        d,
                        clock.instant())))
        .onSuccess(answer -> AdminApi.json(ctx, 200, answer))
        .onFailure(e -> AdminApi.json(ctx, 502, AdminApi.error(e.getMessage())));
  }

  /**
   * What a push of {@code push} would do to every app, said without acting: each app whose pattern
   * matches, with its verdict as its lane would decide it now (the app as Marathon has it, its
   * freeze and quarantines, its lane), and the nearest of the others. On the lanes' context.
   */
  Future<JsonObject> test(ImagePush push) {
    var index = autodeployer.watcher().index();
    List<WatchedApp> matched = index.matching(push.host(), push.repository(), push.tag());
    var pm = PushMatches.of(push, matched, index.apps());
    Holds holds = autodeployer.holds();
    Instant now = clock.instant();
    List<Future<JsonObject>> verdicts = new ArrayList<>();
    for (WatchedApp w : matched) {
      LaneState lane = autodeployer.lane(w.appId());
      verdicts.add(
          marathon
              .getApp(w.appId())
              .map(
                  app -> {
                    var v =
                        TestPlanner.predict(
                            push,
                            app,
                            w.policy(),
                            lane != null && lane.wasRolledBack(push.digest()),
                            holds.quarantined(w.appId()),
                            holds.store(),
                            holds.freeze(w.appId(), now),
                            lane != null && lane.busy() ? lane.doing() : null,
                            autodeployer.awaiting(w.appId()));
                    return verdict(w.appId(), v.verdict(), v.rule(), v.reason());
                  })
              .otherwise(
                  e ->
                      verdict(
                          w.appId(),
                          "unknown",
                          "marathon",
                          "Marathon did not answer: " + e.getMessage())));
    }
    return Future.all(verdicts)
        .map(
            all -> {
              JsonArray apps = new JsonArray();
              verdicts.forEach(f -> apps.add(f.result()));
              JsonArray nearest = new JsonArray();
              pm.nearest()
                  .forEach(
                      n ->
                          nearest.add(
                              new JsonObject()
                                  .put("app", n.app())
                                  .put("pattern", n.pattern())
                                  .put("compared", n.compared())
                                  .put("at", n.at())));
              return new JsonObject()
                  .put("image", push.reference())
                  .put("digest", push.digest())
                  .put("apps", apps)
                  .put("not-matched", index.apps().size() - matched.size())
                  .put("nearest", nearest);
            });
  }

  private static JsonObject verdict(String app, String verdict, String rule, String reason) {
    return new JsonObject()
        .put("app", app)
        .put("verdict", verdict)
        .put("rule", rule)
        .put("reason", reason);
  }

  /** The given digest, else the registry's for the tag now ("" when it has none or is down). */
  private Future<String> digest(ImageReference ref, String given) {
    if (!given.isEmpty()) {
      return Future.succeededFuture(given);
    }
    String base = registry.base(ref.host());
    if (base.isEmpty()) {
      return Future.succeededFuture("");
    }
    return registry
        .digest(base, ref.repository(), ref.tag())
        .map((Optional<String> d) -> d.orElse(""))
        .otherwise("");
  }
}

package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.ingest.ImageReference;
import dev.pacer.common.admin.AdminApi;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST /autodeploy/test} ({@code pacer autodeploy test REF}): {@code {"image":
 * "host/repo:tag", "digest"?: "sha256:…"}} answers what a push of it would do to every app, without
 * acting. The digest, when not given, is the registry's for the tag now (none for a tag not pushed
 * yet). Read only, as {@code /status}: no token.
 */
public final class AutodeployTest {
  private final Autodeployer autodeployer;
  private final RegistryClient registry;
  private final Clock clock;

  public AutodeployTest(Autodeployer autodeployer, RegistryClient registry, Clock clock) {
    this.autodeployer = autodeployer;
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
                autodeployer.test(
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

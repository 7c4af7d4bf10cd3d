package dev.pacer.common.admin;

import dev.pacer.common.config.Secret;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health} (the process runs), {@code GET /ready} (every readiness check passes:
 * Marathon and the backbone reachable), {@code GET /metrics} (Prometheus text), {@code GET /status}
 * (JSON, one part per daemon). Mutating endpoints go behind {@link #requireAdminToken()}.
 */
public final class AdminApi {
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

  private final PrometheusMeterRegistry metrics;
  private final Secret adminToken;
  private final Clock clock;
  private final Map<String, Supplier<Future<Void>>> readiness = new LinkedHashMap<>();
  private final Map<String, Supplier<Object>> status = new LinkedHashMap<>();
  private final java.time.Instant startedAt;

  public AdminApi(PrometheusMeterRegistry metrics, Secret adminToken, Clock clock) {
    this.metrics = metrics;
    this.adminToken = adminToken;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  public synchronized void readinessCheck(String name, Supplier<Future<Void>> check) {
    readiness.put(name, check);
  }

  /**
   * Adds a part to {@code /status}; the supplier returns a JsonObject, map, list or plain value.
   */
  public synchronized void statusPart(String name, Supplier<Object> part) {
    status.put(name, part);
  }

  public synchronized void removeStatusPart(String name) {
    status.remove(name);
  }

  public void mount(Router router) {
    // First of every route's failure handlers: a client that hung up (a registry timing out, a
    // sender killed mid-body, one that closes after its 413) is nobody's error. Anything else goes
    // on to the handlers after this one.
    router
        .route()
        .failureHandler(
            ctx -> {
              if (hungUp(ctx.failure())) {
                org.slf4j.LoggerFactory.getLogger(AdminApi.class)
                    .debug(
                        "client {} went away during {} {}: {}",
                        ctx.request().remoteAddress(),
                        ctx.request().method(),
                        ctx.request().path(),
                        ctx.failure().toString());
                if (!ctx.response().closed()) {
                  ctx.request().connection().close(); // half-gone: finish it, answer nothing
                }
                return;
              }
              ctx.next();
            });
    router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(this::ready);
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
    router.get("/status").handler(this::status);
  }

  /**
   * Answers 401 without a valid {@code Authorization: Bearer <pacer.admin.token>}, 403 if unset.
   */
  public Handler<RoutingContext> requireAdminToken() {
    return ctx -> {
      if (!adminToken.isPresent()) {
        json(ctx, 403, error("admin endpoints are disabled: set pacer.admin.token"));
        return;
      }
      String header = ctx.request().getHeader("Authorization");
      String presented =
          header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
              ? header.substring(7).strip()
              : null;
      if (!adminToken.matches(presented)) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"pacer\"");
        json(
            ctx,
            401,
            error(
                presented == null
                    ? "missing Authorization: Bearer <pacer.admin.token>"
                    : "wrong admin token"));
        return;
      }
      ctx.next();
    };
  }

  private void ready(RoutingContext ctx) {
    Map<String, Supplier<Future<Void>>> checks;
    synchronized (this) {
      checks = new LinkedHashMap<>(readiness);
    }
    List<String> names = new ArrayList<>(checks.keySet());
    List<Future<Void>> results = new ArrayList<>();
    for (String n : names) {
      Future<Void> f;
      try {
        f = checks.get(n).get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      results.add(f.timeout(CHECK_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    }
    Future.join(results)
        .onComplete(
            ar -> {
              JsonObject body = new JsonObject();
              boolean allUp = true;
              for (int i = 0; i < names.size(); i++) {
                Future<Void> f = results.get(i);
                if (f.succeeded()) {
                  body.put(names.get(i), new JsonObject().put("status", "UP"));
                } else {
                  allUp = false;
                  body.put(
                      names.get(i),
                      new JsonObject()
                          .put("status", "DOWN")
                          .put("error", String.valueOf(f.cause().getMessage())));
                }
              }
              json(
                  ctx,
                  allUp ? 200 : 503,
                  new JsonObject().put("status", allUp ? "UP" : "DOWN").put("checks", body));
            });
  }

  private void status(RoutingContext ctx) {
    Map<String, Supplier<Object>> parts;
    synchronized (this) {
      parts = new LinkedHashMap<>(status);
    }
    JsonObject body =
        new JsonObject()
            .put("time", clock.instant().toString())
            .put("started-at", startedAt.toString());
    parts.forEach(
        (name, part) -> {
          try {
            body.put(name, part.get());
          } catch (RuntimeException e) {
            body.put(name, new JsonObject().put("error", String.valueOf(e.getMessage())));
          }
        });
    json(ctx, 200, body);
  }

  /** The request's body as a JSON object; null when it is empty, not JSON, or not an object. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The body limit of the admin commands (pause, resume, rollback, drain). */
  public static final long COMMAND_BODY_LIMIT = 64 * 1024;

  /** The connection is gone: nothing can be answered, and nothing went wrong here. */
  static boolean hungUp(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof io.vertx.core.http.HttpClosedException
          || c instanceof io.netty.channel.StacklessClosedChannelException
          || c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads the body of {@code POST path}, up to {@code limit} bytes. A larger body is answered 413
   * with an {@code error} naming the limit and {@code where} it is set, after {@code onRefused} (to
   * count or log it), instead of Vert.x's bare 413.
   */
  public static void readBody(
      Router router, String path, long limit, String where, Handler<RoutingContext> onRefused) {
    router.post(path).handler(BodyHandler.create(false).setBodyLimit(limit));
    router
        .post(path)
        .failureHandler(
            ctx -> {
              if (ctx.statusCode() != 413 || ctx.response().ended()) {
                ctx.next();
                return;
              }
              onRefused.handle(ctx);
              json(ctx, 413, error("body over the limit of " + limit + " bytes (" + where + ")"));
            });
  }

  /** {@link #readBody} for an admin command. */
  public static void readCommandBody(Router router, String path) {
    readBody(router, path, COMMAND_BODY_LIMIT, "the admin commands' limit", ctx -> {});
  }

  public static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encodePrettily());
  }
}

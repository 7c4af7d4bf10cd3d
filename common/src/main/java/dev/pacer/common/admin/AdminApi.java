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

  /** The names of the readiness checks, in order. */
  public synchronized List<String> readinessNames() {
    return new ArrayList<>(readiness.keySet());
  }

  /**
   * Adds a part to {@code /status}; the supplier returns a JsonObject, map, list or plain value.
   */
  /** A part of {@code /status}, or null when none has that name (the status page reads some). */
  public synchronized Supplier<Object> statusPart(String name) {
    return status.get(name);
  }

  public synchronized void statusPart(String name, Supplier<Object> part) {
    status.put(name, part);
  }

  public synchronized void removeStatusPart(String name) {
    status.remove(name);
  }

  private volatile Supplier<String> notFoundHint = () -> "";

  /** Said after a 404's "no endpoint ..." (e.g. which daemons this Pacer runs). */
  public void notFoundHint(Supplier<String> hint) {
    this.notFoundHint = hint;
  }

  /** Statuses Vert.x answers by itself, with an HTML or plain body unless told otherwise. */
  private static final int[] ERROR_STATUSES = {
    400, 401, 403, 404, 405, 406, 413, 414, 415, 422, 429, 431, 500, 501, 502, 503
  };

  /**
   * Every answer of the admin API is JSON with an {@code error}, including what Vert.x answers by
   * itself: an unknown route, a method the route does not take, a failure no handler caught.
   */
  private void jsonErrors(Router router) {
    for (int status : ERROR_STATUSES) {
      router.errorHandler(
          status,
          ctx -> {
            if (ctx.response().ended() || ctx.response().closed()) {
              return;
            }
            String where = ctx.request().method() + " " + ctx.request().path();
            String message =
                switch (status) {
                  case 404 -> "no endpoint " + where + notFoundHint.get();
                  case 405 -> "method not allowed: " + where;
                  case 500 ->
                      "internal error in "
                          + where
                          + ": "
                          + String.valueOf(
                              ctx.failure() == null ? "unknown" : ctx.failure().getMessage());
                  default ->
                      where
                          + " answered "
                          + status
                          + (ctx.failure() == null || ctx.failure().getMessage() == null
                              ? ""
                              : ": " + ctx.failure().getMessage());
                };
            if (status >= 500) {
              org.slf4j.LoggerFactory.getLogger(AdminApi.class)
                  .error("{} failed: {}", where, String.valueOf(ctx.failure()), ctx.failure());
            }
            json(ctx, status, error(message));
          });
    }
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
    jsonErrors(router);
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
    readiness()
        .onComplete(
            ar -> json(ctx, ar.result().getString("status").equals("UP") ? 200 : 503, ar.result()));
  }

  private volatile Runnable onFirstReady = () -> {};
  private final java.util.concurrent.atomic.AtomicBoolean wasReady =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Runs once, the first time every readiness check passes (the "Pacer ready" log line). */
  public void onFirstReady(Runnable r) {
    this.onFirstReady = r;
  }

  /** Whether every readiness check has passed at least once. */
  public boolean wasReady() {
    return wasReady.get();
  }

  /**
   * Runs every readiness check: {@code {"status": "UP"|"DOWN", "checks": {name: {status, error}},
   * "failing": [names], "error": "name: why; ..."}}. Never fails.
   */
  public Future<JsonObject> readiness() {
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
    return Future.join(results)
        .transform(
            ar -> {
              JsonObject body = new JsonObject();
              List<String> failing = new ArrayList<>();
              List<String> why = new ArrayList<>();
              for (int i = 0; i < names.size(); i++) {
                Future<Void> f = results.get(i);
                if (f.succeeded()) {
                  body.put(names.get(i), new JsonObject().put("status", "UP"));
                } else {
                  String error = dev.pacer.common.runtime.Probes.why(f.cause());
                  failing.add(names.get(i));
                  why.add(names.get(i) + ": " + error);
                  body.put(
                      names.get(i), new JsonObject().put("status", "DOWN").put("error", error));
                }
              }
              JsonObject answer =
                  new JsonObject()
                      .put("status", failing.isEmpty() ? "UP" : "DOWN")
                      .put("checks", body);
              if (!failing.isEmpty()) {
                answer.put("failing", failing).put("error", String.join("; ", why));
              } else if (wasReady.compareAndSet(false, true)) {
                onFirstReady.run();
              }
              return Future.succeededFuture(answer);
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

package dev.pacer.autodeployer.ingest;

import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.config.Secret;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.Topics;
import dev.pacer.common.events.types.EventTypes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /registry/events} (Docker Registry v2 and distribution v3), {@code POST
 * /registry/dockerhub}, {@code POST /registry/harbor} and {@code POST /registry/quay}. Senders that
 * cannot set a header (Docker Hub, Quay, a Harbor without its auth header) may put the token in the
 * URL, {@code ?token=...}, on their own routes only; it is compared in constant time and never
 * logged (nothing here logs a URL or a query). Each push is published to {@code pacer.registry},
 * keyed by repository, with the registry's event id as the event id; the answer is 2xx only once
 * the backbone accepted every push of the body, and 503 if it did not, so the registry retries. 401
 * without the bearer token, 413 over the size limit, 415 for another content type, 400 for a body
 * that does not parse, with the reason.
 */
public final class RegistryWebhook {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryWebhook.class);
  static final Set<String> ENVELOPE_TYPES =
      Set.of(
          "application/vnd.docker.distribution.events.v1+json",
          "application/vnd.docker.distribution.events.v2+json",
          "application/json");

  private final EventBackbone backbone;
  private final Secret token;
  private final long maxBodySize;
  private final RecentIds seen;
  private final String source;
  private final Clock clock;
  private final io.micrometer.core.instrument.Counter received;
  // one counter per result, looked up once: this is the hot path of every notification
  private final java.util.Map<String, io.micrometer.core.instrument.Counter> results =
      new java.util.HashMap<>();
  private final Secret previousToken;
  private final io.micrometer.core.instrument.Counter previousUsed;

  public RegistryWebhook(
      EventBackbone backbone,
      Secret token,
      Secret previousToken,
      long maxBodySize,
      int dedupeWindow,
      String source,
      Clock clock,
      MeterRegistry metrics) {
    this.backbone = backbone;
    this.token = token;
    this.previousToken = previousToken;
    this.maxBodySize = maxBodySize;
    this.seen = new RecentIds(dedupeWindow);
    this.source = source;
    this.clock = clock;
    this.received =
        io.micrometer.core.instrument.Counter.builder("pacer.autodeployer.notifications.received")
            .description("registry notifications (HTTP requests) read, before any check")
            .register(metrics);
    RESULTS.forEach(
        r ->
            results.put(
                r,
                io.micrometer.core.instrument.Counter.builder("pacer.autodeployer.notifications")
                    .description(
                        "registry notifications by result: accepted, ignored, duplicate,"
                            + " unauthorized, invalid, refused")
                    .tag("result", r)
                    .register(metrics)));
    this.previousUsed =
        io.micrometer.core.instrument.Counter.builder(
                "pacer.autodeployer.notifications.previous.token")
            .description(
                "notifications authenticated with webhook-token-previous: a registry not yet"
                    + " rotated")
            .register(metrics);
  }

  public void mount(Router router) {
    // Vert.x Web runs body handlers before user handlers: 413 comes from here, before the token
    // check.
    AdminApi.readBody(
        router,
        "/registry/*",
        maxBodySize,
        "pacer.autodeployer.max-body-size",
        ctx -> {
          count("too_large");
          LOG.warn(
              "registry notification refused: body over {} bytes from {}",
              maxBodySize,
              ctx.request().remoteAddress());
        });
    router.post("/registry/*").handler(this::authenticate);
    router
        .post("/registry/events")
        .handler(
            ctx -> {
              String type = mediaType(ctx.request().getHeader("Content-Type"));
              if (!ENVELOPE_TYPES.contains(type)) {
                reject(
                    ctx,
                    415,
                    "Content-Type must be one of " + ENVELOPE_TYPES + ", got '" + type + "'");
                return;
              }
              handle(ctx, RegistryEnvelope::registry);
            });
    router.post("/registry/dockerhub").handler(ctx -> handle(ctx, RegistryEnvelope::dockerHub));
    router.post("/registry/harbor").handler(ctx -> handle(ctx, RegistryEnvelope::harbor));
    router
        .post("/registry/quay")
        .handler(ctx -> handle(ctx, body -> RegistryEnvelope.quay(body, clock.instant())));
  }

  /** The routes whose senders cannot set an Authorization header: the token may be in the URL. */
  static final Set<String> URL_TOKEN_ROUTES =
      Set.of("/registry/dockerhub", "/registry/harbor", "/registry/quay");

  private void authenticate(RoutingContext ctx) {
    received.increment();
    if (!token.isPresent()) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : null;
    String inUrl = ctx.request().getParam("token");
    boolean urlAllowed = URL_TOKEN_ROUTES.contains(ctx.request().path());
    if (presented == null && inUrl != null && urlAllowed) {
      presented = inUrl;
    }
    // Both compared, always: constant time whichever one matches.
    boolean current = token.matches(presented);
    boolean previous = previousToken.isPresent() && previousToken.matches(presented);
    if (previous && !current) {
      previousUsed.increment();
    }
    if (!current && !previous) {
      count("unauthorized");
      reject(
          ctx,
          401,
          presented == null
              ? inUrl != null
                  ? "a token in the URL is accepted only on "
                      + new java.util.TreeSet<>(URL_TOKEN_ROUTES)
                      + "; a registry sends Authorization: Bearer <webhook token>"
                  : "missing Authorization: Bearer <webhook token>"
                      + (urlAllowed ? " (or ?token=<webhook token> in the URL)" : "")
              : "wrong webhook token");
      return;
    }
    ctx.next();
  }

  private void handle(RoutingContext ctx, Function<byte[], ParsedNotification> parser) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    ParsedNotification n;
    try {
      n = parser.apply(body);
    } catch (MalformedNotificationException e) {
      count("malformed");
      reject(ctx, 400, e.getMessage());
      return;
    }
    List<ImagePush> fresh = new ArrayList<>();
    int duplicates = 0;
    for (ImagePush p : n.pushes()) {
      if (seen.contains(p.id())) {
        duplicates++;
      } else {
        fresh.add(p);
      }
    }
    n.ignored().forEach(reason -> count("ignored"));
    for (int i = 0; i < duplicates; i++) {
      count("duplicate");
    }
    List<Future<Void>> published = new ArrayList<>();
    for (ImagePush p : fresh) {
      published.add(
          backbone.publish(
              Topics.REGISTRY,
              p.repository(),
              EventTypes.event(p.id(), source, p.repository(), clock.instant(), p.toEvent())));
    }
    int dup = duplicates;
    Future.all(published)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                count("unavailable");
                LOG.warn(
                    "registry notification not queued, answering 503 so it is retried: {}",
                    ar.cause().toString());
                reject(ctx, 503, "event backbone unavailable: " + ar.cause().getMessage());
                return;
              }
              for (ImagePush p : fresh) {
                seen.add(p.id());
                count("accepted");
                LOG.info("push {} ({}) queued: push_id={}", p.reference(), p.digest(), p.id());
              }
              AdminApi.json(
                  ctx,
                  200,
                  new JsonObject()
                      .put("accepted", fresh.size())
                      .put("duplicates", dup)
                      .put("ignored", n.ignored().size()));
            });
  }

  /** What became of each event a notification carried. */
  static final List<String> RESULTS =
      List.of(
          "accepted",
          "duplicate",
          "ignored",
          "malformed",
          "unauthorized",
          "too_large",
          "unavailable");

  private void count(String result) {
    results.get(result).increment();
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static void reject(RoutingContext ctx, int status, String reason) {
    if (!ctx.response().ended()) {
      AdminApi.json(ctx, status, AdminApi.error(reason));
    }
  }
}

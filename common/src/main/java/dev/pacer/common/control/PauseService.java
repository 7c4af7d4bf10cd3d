package dev.pacer.common.control;

import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.PauseEvent;
import dev.pacer.common.ha.Leadership;
import dev.pacer.common.ha.ZooKeeperPauses;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses for runbooks: {@code POST /pause}, {@code POST /resume} and the {@code pauses} part of
 * {@code /status}. Every change is a {@code pacer.control} event keyed by scope, and every process
 * keeps its {@link PauseBook} from those events: read back whole at start (Kafka: the compacted
 * topic; local backbone: {@code <state-dir>/pauses.json}, rewritten on every change), then followed
 * live. A pause ends by itself: a sweep every second publishes {@code pacer.control.expired} for
 * each pause whose time is up.
 *
 * <p>In HA mode ({@code pacer.ha.zookeeper}) the pauses live in ZooKeeper instead ({@link
 * ZooKeeperPauses}): every replica's book follows the znodes, a change is written there before it
 * is answered, the control events are then only news (for Slack and the audit trail), and only the
 * leader sweeps, so an expiry is published once.
 */
public final class PauseService implements ControlStore {
  private static final Logger LOG = LoggerFactory.getLogger(PauseService.class);

  private final Vertx vertx;
  private final EventBackbone backbone;
  private final PauseFile file;
  private final ZooKeeperPauses zk;
  private final Leadership leadership;
  private final Duration maxFor;
  private final String source;
  private final String group;
  private static final Duration SWEEP = Duration.ofSeconds(1);
  private final PauseBook book = new PauseBook();
  private final ScopeCheck scopes;
  private EventBackbone.Subscription subscription;
  private Scheduler.Timer sweeper = () -> {};
  private final Scheduler scheduler;
  private final java.util.Set<Pause> expiring = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * {@code file} is null when the backbone keeps the state (Kafka) or ZooKeeper does; {@code zk} is
   * null without HA.
   */
  public PauseService(
      Vertx vertx,
      EventBackbone backbone,
      PauseFile file,
      ZooKeeperPauses zk,
      Leadership leadership,
      Duration maxFor,
      String source,
      String groupPrefix,
      ScopeCheck scopes,
      Scheduler scheduler) {
    this.scopes = scopes;
    this.vertx = vertx;
    this.backbone = backbone;
    this.file = file;
    this.zk = zk;
    this.leadership = leadership;
    this.maxFor = maxFor;
    this.source = source;
    // Each process needs every control event, so each has a group of its own.
    this.group = groupPrefix + ".control." + UUID.randomUUID();
    this.scheduler = scheduler;
  }

  /**
   * Whether a scope names something a pause can hold: a pool of the config, an app Marathon has.
   * Answers the reason it does not, or null; a failed future when it cannot tell (Marathon down),
   * and the pause is then taken unchecked.
   */
  public interface ScopeCheck {
    Future<String> refusal(String scope);

    ScopeCheck ANY = scope -> Future.succeededFuture(null);
  }

  public PauseBook book() {
    return book;
  }

  /** Reads the pauses back, then follows {@code pacer.control}. */
  public Future<Void> start() {
    if (zk != null) {
      return zk.start(vertx, book)
          .map(
              v -> {
                LOG.info("pauses loaded from ZooKeeper {}: {}", zk.root(), book.all().size());
                sweeper = scheduler.every(SWEEP, SWEEP, this::sweep);
                return null;
              });
    }
    Future<Void> loaded;
    if (file != null) {
      loaded =
          vertx.executeBlocking(
              () -> {
                file.read().forEach(p -> book.apply(EventTypes.PAUSED, p));
                return null;
              });
    } else {
      loaded =
          backbone
              .readAll(Topics.CONTROL)
              .map(
                  events -> {
                    events.forEach(this::apply);
                    return null;
                  });
    }
    return loaded
        .compose(v -> backbone.subscribe(Topics.CONTROL, group, this::onControlEvent))
        .map(
            s -> {
              subscription = s;
              LOG.info("pauses loaded: {}", book.all().size());
              sweeper = scheduler.every(SWEEP, SWEEP, this::sweep);
              sweep();
              return null;
            });
  }

  private Future<Void> onControlEvent(PacerEvent e) {
    apply(e);
    return Future.succeededFuture();
  }

  private void apply(PacerEvent e) {
    Pause p;
    try {
      if (!(EventTypes.read(e) instanceof PauseEvent pe)) {
        return;
      }
      p = Pause.of(pe);
    } catch (IllegalArgumentException ex) {
      LOG.warn("control event {} {} ignored: {}", e.type(), e.id(), ex.getMessage());
      return;
    }
    if (book.apply(e.type(), p)) {
      persist();
    }
  }

  /**
   * Writes the pauses as they are after the change, then applies it to the book, under the file's
   * lock: each write holds every change before it, and a change is in the book only once on disk.
   */
  private Future<Void> save(String type, Pause p) {
    return vertx
        .<Void>executeBlocking(
            () -> {
              synchronized (file) {
                file.write(book.after(type, p));
                book.apply(type, p);
              }
              return null;
            })
        .recover(
            e -> {
              LOG.error("{} of {} not saved to {}: {}", type, p.scope(), file.path(), e.toString());
              return Future.failedFuture(
                  "not saved to " + file.path() + " (" + rootCause(e) + "); check pacer.state-dir");
            });
  }

  private static String rootCause(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.toString();
  }

  private void persist() {
    if (file == null) {
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              // The book as it is when the write runs, under one lock: writes from different
              // contexts can run in any order, and the last one must hold the newest state.
              synchronized (file) {
                file.write(book.all());
              }
              return null;
            })
        .onFailure(e -> LOG.error("pauses not saved to {}: {}", file.path(), e.toString()));
  }

  private void sweep() {
    if (!leadership.isLeader()) {
      return; // the leader publishes each expiry, once
    }
    for (Pause p : book.due(scheduler.now())) {
      if (!expiring.add(p)) {
        continue; // its expiry is being published
      }
      publish(p.expired())
          .onSuccess(v -> LOG.info("pause of {} expired ({})", p.scope(), p.describe()))
          .onFailure(
              e -> LOG.warn("pause of {} expired, not yet published: {}", p.scope(), e.toString()))
          .onComplete(x -> expiring.remove(p));
    }
  }

  /**
   * Records a change where the pauses live, then applies it here, so the answer reflects it; a
   * change that is not stored fails and is not applied (nothing claimed that did not happen).
   */
  private Future<Void> publish(PauseEvent event) {
    String type = event.type();
    Pause p = Pause.of(event);
    if (zk != null) {
      return record(event);
    }
    if (file != null) {
      return save(type, p)
          .compose(
              v ->
                  // single process: the file is the state, the event only news (Slack)
                  announce(event)
                      .recover(
                          e -> {
                            LOG.warn(
                                "{} of {} is saved, its event was not published: {}",
                                type,
                                p.scope(),
                                e.toString());
                            return Future.succeededFuture();
                          }));
    }
    return announce(event)
        .onSuccess(
            v -> {
              if (book.apply(type, p)) {
                persist();
              }
            });
  }

  /**
   * HA: ZooKeeper holds the change first (that is what answers the runbook), then the event tells
   * the others. An end that ZooKeeper no longer holds (another replica ended it) is not announced
   * again.
   */
  private Future<Void> record(PauseEvent event) {
    String type = event.type();
    Pause p = Pause.of(event);
    Future<Boolean> written =
        EventTypes.PAUSED.equals(type) ? zk.put(vertx, p).map(true) : zk.end(vertx, p);
    return written.compose(
        changed -> {
          book.apply(type, p);
          if (!changed) {
            return Future.succeededFuture();
          }
          return announce(event)
              .recover(
                  e -> {
                    LOG.warn(
                        "{} of {} is recorded in ZooKeeper, its event was not published: {}",
                        type,
                        p.scope(),
                        e.toString());
                    return Future.succeededFuture();
                  });
        });
  }

  private Future<Void> announce(PauseEvent event) {
    return backbone.publish(
        Topics.CONTROL,
        event.scope(),
        EventTypes.event(source, event.scope(), scheduler.now(), event));
  }

  /**
   * Mounts {@code POST /pause}, {@code POST /resume} and {@code POST /quarantine/lift} behind
   * {@code requireToken}.
   */
  public void mount(Router router, Handler<RoutingContext> requireToken) {
    for (String path : List.of("/pause", "/resume", "/quarantine/lift")) {
      AdminApi.readCommandBody(router, path);
      router.post(path).handler(requireToken);
    }
    router.post("/pause").handler(this::pause);
    router.post("/resume").handler(this::resume);
    router.post("/quarantine/lift").handler(this::lift);
  }

  @Override
  public Future<Void> quarantine(String appId, String digest, String why, String who) {
    if (digest == null || digest.isEmpty()) {
      return Future.succeededFuture(); // nothing to name: an image Pacer did not deploy by digest
    }
    String scope = Pause.quarantineScope(appId, digest);
    if (book.get(scope).isPresent()) {
      return Future.succeededFuture();
    }
    Instant now = scheduler.now();
    Pause p = new Pause(scope, now, now.plus(Pause.QUARANTINE_FOR), why, who);
    return publish(p.set())
        .onSuccess(v -> LOG.info("app={} {} quarantined: {}", appId, digest, why))
        .onFailure(e -> LOG.error("app={} {} not quarantined: {}", appId, digest, e.toString()));
  }

  @Override
  public Future<Void> put(Pause record) {
    return publish(record.set());
  }

  @Override
  public Future<Void> end(Pause record, String who, String why) {
    Pause current = book.get(record.scope()).orElse(null);
    if (current == null || !current.at().equals(record.at())) {
      return Future.succeededFuture(); // ended already, or replaced
    }
    return publish(current.resumed(who, why));
  }

  /** {@code POST /quarantine/lift} with {@code {"app", "digest", "reason"?, "who"?}}. */
  private void lift(RoutingContext ctx) {
    JsonObject b;
    try {
      b = body(ctx);
    } catch (IllegalArgumentException e) {
      AdminApi.json(ctx, 400, AdminApi.error(e.getMessage()));
      return;
    }
    if (!(b.getValue("app") instanceof String app) || !app.startsWith("/")) {
      AdminApi.json(ctx, 400, AdminApi.error("app: required, an app id such as \"/shop/web\""));
      return;
    }
    if (!(b.getValue("digest") instanceof String digest) || !digest.contains(":")) {
      AdminApi.json(
          ctx,
          400,
          AdminApi.error("digest: required, such as \"sha256:…\" (pacer quarantine list)"));
      return;
    }
    Pause current = book.get(Pause.quarantineScope(app, digest)).orElse(null);
    if (current == null) {
      AdminApi.json(ctx, 404, AdminApi.error("no quarantine of " + digest + " for " + app));
      return;
    }
    publish(current.resumed(text(b, "who"), text(b, "reason")))
        .onSuccess(
            v ->
                AdminApi.json(
                    ctx, 200, new JsonObject().put("lifted", new JsonObject(current.toMap()))))
        .onFailure(
            e -> AdminApi.json(ctx, 503, AdminApi.error("lift not recorded: " + e.getMessage())));
  }

  private void pause(RoutingContext ctx) {
    PauseRequest req;
    try {
      req = PauseRequest.pause(body(ctx), maxFor);
    } catch (IllegalArgumentException e) {
      AdminApi.json(ctx, 400, AdminApi.error(e.getMessage()));
      return;
    }
    scopes
        .refusal(req.scope())
        .recover(
            e -> {
              LOG.warn("pause of {} taken unchecked: {}", req.scope(), e.toString());
              return Future.succeededFuture(null);
            })
        .onSuccess(
            refusal -> {
              if (refusal != null) {
                AdminApi.json(ctx, 400, AdminApi.error(refusal));
              } else {
                pause(ctx, req);
              }
            });
  }

  private void pause(RoutingContext ctx, PauseRequest req) {
    Instant now = scheduler.now();
    Pause p = new Pause(req.scope(), now, now.plus(req.duration()), req.reason(), req.who());
    publish(p.set())
        .onSuccess(
            v -> AdminApi.json(ctx, 200, new JsonObject().put("paused", new JsonObject(p.toMap()))))
        .onFailure(
            e -> AdminApi.json(ctx, 503, AdminApi.error("pause not recorded: " + e.getMessage())));
  }

  private void resume(RoutingContext ctx) {
    PauseRequest req;
    try {
      req = PauseRequest.resume(body(ctx));
    } catch (IllegalArgumentException e) {
      AdminApi.json(ctx, 400, AdminApi.error(e.getMessage()));
      return;
    }
    Pause current = book.get(req.scope()).orElse(null);
    if (current == null) {
      AdminApi.json(ctx, 404, AdminApi.error("no pause for " + req.scope()));
      return;
    }
    publish(current.resumed(req.who(), req.reason()))
        .onSuccess(
            v ->
                AdminApi.json(
                    ctx, 200, new JsonObject().put("resumed", new JsonObject(current.toMap()))))
        .onFailure(
            e -> AdminApi.json(ctx, 503, AdminApi.error("resume not recorded: " + e.getMessage())));
  }

  /** A text field of a body: a number or a flag said as text, absent as "". */
  private static String text(JsonObject b, String key) {
    Object v = b.getValue(key);
    return v == null ? "" : v.toString();
  }

  private static JsonObject body(RoutingContext ctx) {
    JsonObject o = AdminApi.jsonBody(ctx);
    if (o == null) {
      throw new IllegalArgumentException("expected a JSON object body");
    }
    return o;
  }

  /** The {@code pauses} part of {@code /status} (approvals and votes are the autodeployer's). */
  public List<Map<String, Object>> status() {
    Instant now = scheduler.now();
    return book.all().stream()
        .filter(p -> !p.approvalRecord())
        .map(
            p -> {
              Map<String, Object> m = p.toMap();
              m.put(
                  "expires-in-seconds", Math.max(0, Duration.between(now, p.until()).toSeconds()));
              return m;
            })
        .toList();
  }

  public Future<Void> close() {
    sweeper.cancel();
    if (zk != null) {
      zk.close();
    }
    return subscription == null ? Future.succeededFuture() : subscription.close();
  }
}

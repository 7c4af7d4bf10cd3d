package dev.pacer.common.runtime;

import com.typesafe.config.Config;
import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.control.PauseFile;
import dev.pacer.common.control.PauseService;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.KafkaEventBackbone;
import dev.pacer.common.events.LocalEventBackbone;
import dev.pacer.common.ha.Leadership;
import dev.pacer.common.ha.ZooKeeperHa;
import dev.pacer.common.ha.ZooKeeperPauses;
import dev.pacer.common.journal.JournalService;
import dev.pacer.common.lifecycle.ShutdownSequence;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.WebClientMarathonClient;
import dev.pacer.common.retry.Backoff;
import dev.pacer.common.time.Scheduler;
import dev.pacer.common.time.VertxScheduler;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Pacer process: validates the whole config first (every problem, before anything starts), then
 * starts in this order: event backbone, Marathon client, the pause state (read back whole), daemons
 * (each adds its routes and subscriptions), the Marathon event stream, and last the HTTP server, so
 * nothing arrives before its handler is there. {@link #stop()} undoes it in reverse, each step
 * time-boxed.
 */
public final class PacerProcess {
  private static final Logger LOG = LoggerFactory.getLogger(PacerProcess.class);

  private record Prepared<C>(DaemonModule<C> module, C config) {
    java.util.Set<String> pauseScopes() {
      return module.pauseScopes(config);
    }

    boolean enabled() {
      return module.enabled(config);
    }

    List<Probe> probes(Vertx vertx) {
      return module.probes(config, vertx);
    }

    Deployable create(PacerRuntime rt) {
      return module.create(rt, config);
    }

    java.util.Set<String> marathonEventTypes() {
      return module.marathonEventTypes(config);
    }
  }

  private final PacerConfig config;
  private final List<Prepared<?>> daemons;
  private final Function<Vertx, Scheduler> schedulers;
  private Clock clock;
  private Scheduler scheduler;
  private Vertx vertx;
  private ShutdownSequence shutdown;
  private HttpServer server;
  private PacerRuntime runtime;

  private PacerProcess(
      PacerConfig config, List<Prepared<?>> daemons, Function<Vertx, Scheduler> schedulers) {
    this.config = config;
    this.daemons = daemons;
    this.schedulers = schedulers;
  }

  /**
   * @throws dev.pacer.common.config.ConfigInvalidException listing every problem found
   */
  public static PacerProcess prepare(Config merged, List<DaemonModule<?>> modules, Clock clock) {
    return prepare(merged, modules, v -> new VertxScheduler(v, clock));
  }

  /**
   * As {@link #prepare(Config, List, Clock)}, its timers and clock those of the scheduler {@code
   * schedulers} gives for its Vert.x (a test's virtual time).
   */
  public static PacerProcess prepare(
      Config merged, List<DaemonModule<?>> modules, Function<Vertx, Scheduler> schedulers) {
    ConfigReader reader = new ConfigReader(merged);
    PacerConfig config = PacerConfig.read(reader);
    List<Prepared<?>> prepared = new ArrayList<>();
    for (DaemonModule<?> m : modules) {
      prepared.add(prepare(m, reader));
    }
    reader.throwIfInvalid();
    return new PacerProcess(config, prepared, schedulers);
  }

  private static <C> Prepared<C> prepare(DaemonModule<C> m, ConfigReader reader) {
    return new Prepared<>(m, m.readConfig(reader));
  }

  public PacerConfig config() {
    return config;
  }

  /** Whether this process keeps its pauses in {@code pacer.state-dir} (local, without HA). */
  public boolean usesStateDir() {
    return !config.ha().enabled() && config.events().backend() == PacerConfig.Backend.LOCAL;
  }

  public List<String> enabledDaemons() {
    return daemons.stream().filter(Prepared::enabled).map(p -> p.module().name()).toList();
  }

  /** What the enabled daemons read of Marathon's events, sorted: the stream's filter. */
  public List<String> marathonEventTypes() {
    return daemons.stream()
        .filter(Prepared::enabled)
        .flatMap(p -> p.marathonEventTypes().stream())
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * Every probe of this config: Marathon (and its stream, when a daemon reads it), Kafka,
   * ZooKeeper, and each enabled daemon's. For {@code pacer check}; the caller closes them.
   */
  public List<Probe> probes(Vertx on) {
    List<Probe> all = new ArrayList<>(CoreProbes.of(on, config, !marathonEventTypes().isEmpty()));
    for (Prepared<?> d : daemons) {
      if (d.enabled()) {
        all.addAll(d.probes(on));
      }
    }
    return all;
  }

  public PacerRuntime runtime() {
    return runtime;
  }

  public int httpPort() {
    return server == null ? -1 : server.actualPort();
  }

  private final CompletableFuture<Void> startOutcome = new CompletableFuture<>();
  private volatile String startStep = "nothing yet";
  private final io.vertx.core.Promise<Void> daemonsStarted = io.vertx.core.Promise.promise();

  public Future<Void> start() {
    vertx = Vertx.vertx();
    scheduler = schedulers.apply(vertx);
    clock = scheduler.clock();
    shutdown = new ShutdownSequence(vertx, config.shutdownStepTimeout());
    shutdown.onShutdown("vert.x", () -> vertx.close());
    MetricsRegistries metrics = new MetricsRegistries(config.graphite());
    shutdown.onShutdown(
        "metrics",
        () -> {
          // Graphite's last report is a blocking send
          return vertx.executeBlocking(
              () -> {
                metrics.close();
                return null;
              });
        });
    AdminApi admin = new AdminApi(metrics.prometheus(), config.adminToken(), clock);
    Router router = Router.router(vertx);
    admin.mount(router);

    EventBackbone backbone =
        switch (config.events().backend()) {
          case LOCAL ->
              new LocalEventBackbone(
                  vertx,
                  config.events().localCapacity(),
                  config.events().maxInFlight(),
                  redelivery());
          case KAFKA ->
              new KafkaEventBackbone(
                  vertx, config.kafka(), config.events().maxInFlight(), redelivery());
        };
    MarathonClient marathon =
        new WebClientMarathonClient(vertx, config.marathon(), "pacer/" + config.ha().id())
            .meters(metrics.all());
    shutdown.onShutdown(
        "marathon client",
        () -> {
          marathon.close();
          return Future.succeededFuture();
        });
    ZooKeeperHa ha = config.ha().enabled() ? new ZooKeeperHa(config.ha(), clock) : null;
    Leadership leadership = ha != null ? ha : Leadership.solo(config.ha().id());
    if (ha != null) {
      ha.registerMetrics(metrics.all());
    }
    PauseService pauses =
        new PauseService(
            vertx,
            backbone,
            ha == null && config.events().backend() == PacerConfig.Backend.LOCAL
                ? new PauseFile(config.stateDir())
                : null,
            ha == null ? null : new ZooKeeperPauses(ha.client(), config.ha().path()),
            leadership,
            config.maxPause(),
            config.events().source(),
            config.kafka().groupPrefix(),
            dev.pacer.common.control.PauseScopes.of(pauseScopes(), marathon),
            scheduler);
    pauses.mount(router, admin.requireAdminToken());
    admin.statusPart("pauses", pauses::status);
    JournalService journal = JournalService.of(vertx, backbone, config, scheduler);
    dev.pacer.common.journal.StateViews views = new dev.pacer.common.journal.StateViews();
    views.app("pause", pauses.book().appView(clock));
    journal.mount(router, views);
    if (config.http().ui()) {
      dev.pacer.common.ui.StatusPage.mount(
          router, journal, views, pauses.book(), admin, clock, config.ha().id());
    }
    admin.statusPart("journal", journal::status);
    runtime =
        new PacerRuntime(
            vertx,
            config,
            backbone,
            marathon,
            router,
            admin,
            metrics.all(),
            pauses.book(),
            leadership,
            clock,
            scheduler,
            new dev.pacer.common.marathon.StreamAttaches(),
            daemonsStarted.future(),
            views,
            pauses);
    admin.statusPart("ha", leadership::status);
    admin.notFoundHint(
        () ->
            " on this Pacer (it runs "
                + String.join(", ", enabledDaemons())
                + "; the endpoint may be another daemon's)");
    admin.readinessCheck("marathon", marathon::ping);
    admin.readinessCheck("events", backbone::ping);
    List<Probe> readinessProbes = new ArrayList<>();
    for (Prepared<?> d : daemons) {
      if (d.enabled()) {
        readinessProbes.addAll(d.probes(vertx));
      }
    }
    Readiness.register(admin, readinessProbes, shutdown);
    admin.statusPart(
        "process",
        () ->
            Map.of(
                "events-backend", config.events().backend().name().toLowerCase(),
                "marathon", config.marathon().urls().stream().map(Object::toString).toList(),
                "daemons", enabledDaemons()));

    LOG.info(
        "starting Pacer {}: backend={} marathon={} daemons={} ha={}",
        config.ha().id(),
        config.events().backend().name().toLowerCase(),
        config.marathon().urls(),
        enabledDaemons(),
        ha == null ? "off" : config.ha().zookeeper() + config.ha().path());
    startStep = "the event backbone (" + config.events().backend().name().toLowerCase() + ")";
    return backbone
        .start()
        .onSuccess(v -> shutdown.onShutdown("event backbone", backbone::close))
        .compose(v -> step("HA", () -> ha == null ? Future.succeededFuture() : ha.start(vertx)))
        .onSuccess(
            v -> {
              if (ha != null) {
                shutdown.onShutdown("ha", () -> ha.close(vertx));
              }
            })
        .compose(v -> step("the pauses", pauses::start))
        .onSuccess(v -> shutdown.onShutdown("pauses", pauses::close))
        .compose(v -> step("the journal", journal::start))
        .onSuccess(v -> shutdown.onShutdown("journal", journal::close))
        // the stream first: the daemons' first read follows its attach (EventStreamStart)
        .compose(v -> step("Marathon's event stream", this::startEventStream))
        .compose(v -> deployDaemons().onSuccess(daemonsStarted::complete))
        .compose(v -> step("the HTTP server", () -> startHttp(router)))
        .onSuccess(
            v -> {
              Readiness.awaitFirst(
                  vertx, admin, shutdown, "http://" + config.http().host() + ":" + httpPort());
              startOutcome.complete(null);
            })
        .recover(
            e -> {
              // Said here, before the stop: a stop that closes Vert.x may never call back.
              startOutcome.completeExceptionally(
                  new IllegalStateException("starting " + startStep + ": " + e.getMessage(), e));
              return stop().transform(x -> Future.<Void>failedFuture(e));
            });
  }

  private Future<Void> step(String name, java.util.function.Supplier<Future<Void>> action) {
    startStep = name;
    return action.get();
  }

  /**
   * Completes once {@link #start()} has: failed with the step that failed and why, which a caller
   * outside Vert.x can wait on even when the failure's stop closed Vert.x.
   */
  public CompletableFuture<Void> startOutcome() {
    return startOutcome;
  }

  /** What {@link #start()} is starting now, or started last. */
  public String startStep() {
    return startStep;
  }

  private Backoff redelivery() {
    return new Backoff(config.events().redeliveryBackoff(), config.events().redeliveryBackoffMax());
  }

  /**
   * Deploys the enabled daemons side by side (they share nothing but the runtime); waits for every
   * one, and a failure names its daemon.
   */
  private Future<Void> deployDaemons() {
    List<Future<Void>> all = new java.util.ArrayList<>();
    List<String> names = new java.util.ArrayList<>();
    for (Prepared<?> d : daemons) {
      if (!d.enabled()) {
        continue;
      }
      String name = d.module().name();
      names.add(name);
      all.add(
          vertx
              .deployVerticle(d.create(runtime))
              .<Void>map(
                  id -> {
                    LOG.info("{} started", name);
                    shutdown.onShutdown(name, () -> vertx.undeploy(id));
                    return null;
                  }));
    }
    startStep = names.size() == 1 ? names.get(0) : "the daemons " + names;
    return Future.join(all)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                return Future.<Void>succeededFuture();
              }
              for (int i = 0; i < all.size(); i++) {
                if (all.get(i).failed()) {
                  startStep = names.get(i);
                  return Future.<Void>failedFuture(all.get(i).cause());
                }
              }
              return Future.<Void>failedFuture(ar.cause());
            });
  }

  private Future<Void> startEventStream() {
    return EventStreamStart.start(runtime, shutdown, marathonEventTypes(), daemonsStarted.future());
  }

  private Future<Void> startHttp(Router router) {
    return HttpListen.listen(vertx, router, config.http(), shutdown)
        .map(
            s -> {
              server = s;
              return null;
            });
  }

  /** The pause scopes every daemon of the config knows, enabled in this process or not. */
  private java.util.Set<String> pauseScopes() {
    java.util.Set<String> known = new java.util.TreeSet<>();
    daemons.forEach(d -> known.addAll(d.pauseScopes()));
    return known;
  }

  /** Stops everything started so far, newest first. Safe to call more than once. */
  public Future<Void> stop() {
    return shutdown == null ? Future.succeededFuture() : shutdown.run();
  }
}

package dev.pacer.testkit.marathon;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Marathon 1.8-1.10 over real HTTP on a free loopback port, faithful to the verbatim contracts in
 * {@code shared/contracts/marathon}: the app and deployment endpoints, the 409 lock, the SSE stream
 * (CRLF framing, bare-CRLF heartbeats, {@code event_stream_attached} first), a standby mode that
 * answers {@code /v2/events} with 302, basic auth with Jetty's 401, and fault injection.
 * Deployments finish after {@link #deploymentDuration}, with the configured {@link Outcome}.
 */
public final class MarathonSimulator {
  private final Vertx vertx;
  private final Clock clock;
  private final SimulatedMarathon state;
  private final SimulatedEventStream stream;
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile int failStatus = 503;
  private volatile Duration latency = Duration.ZERO;
  private final List<Interleave> interleaves = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Duration deploymentDuration = Duration.ZERO;
  private volatile String credentials;
  private volatile String standbyLeader;
  private HttpServer server;
  private final io.vertx.core.Context context;

  private MarathonSimulator(Vertx vertx, Clock clock, Duration heartbeat) {
    this.vertx = vertx;
    this.clock = clock;
    this.context = vertx.getOrCreateContext();
    this.stream = new SimulatedEventStream(vertx, clock, heartbeat);
    this.state = new SimulatedMarathon(clock, stream::emit, this::scheduleFinish);
  }

  /** Starts on a free port of 127.0.0.1 with Marathon's 10 s heartbeat. */
  public static Future<MarathonSimulator> start(Vertx vertx, Clock clock) {
    return start(vertx, clock, Duration.ofSeconds(10), 0);
  }

  public static Future<MarathonSimulator> start(
      Vertx vertx, Clock clock, Duration heartbeat, int port) {
    MarathonSimulator sim = new MarathonSimulator(vertx, clock, heartbeat);
    io.vertx.core.Promise<MarathonSimulator> started = io.vertx.core.Promise.promise();
    // One context for the server, its timers and every call from tests: the state is
    // single-threaded.
    sim.context.runOnContext(
        v ->
            vertx
                .createHttpServer()
                .requestHandler(sim::handle)
                .listen(port, "127.0.0.1")
                .map(
                    s -> {
                      sim.server = s;
                      return sim;
                    })
                .onComplete(started));
    return started.future();
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public Future<Void> close() {
    onLoop(stream::closeAll);
    return server.close();
  }

  // ---- set-up and fault injection (thread-safe: each hops onto the server's event loop) ----

  private final List<java.util.function.BiConsumer<JsonObject, JsonObject>> taskMoves =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Hears of every task killed with {@code scale=false} and the replacement launched for it (the
   * killed task, the new one), on the server's thread: how a Mesos simulator follows Marathon.
   */
  public void onTaskMoved(java.util.function.BiConsumer<JsonObject, JsonObject> l) {
    taskMoves.add(l);
  }

  private final JsonArray queue = new JsonArray();

  /**
   * Marathon waits to place {@code count} more tasks of this app (it must exist): {@code GET
   * /v2/queue} lists it, shaped like the contract's {@code queue.json}. A count of 0 removes it.
   */
  public void queue(String appId, int count) {
    onLoop(() -> SimShapes.queue(queue, state.storedDefinition(appId), count));
  }

  /** The app's tasks as stored (ids, hosts). */
  public JsonArray tasks(String appId) {
    return onLoopGet(() -> state.storedTasks(appId));
  }

  /** Puts an app in place directly, as if it had always run: no deployment, no events. */
  public void seedApp(JsonObject definition) {
    onLoop(() -> state.seed(definition));
  }

  /** The app as stored, without counts, tasks or deployments; null if absent. */
  public JsonObject storedApp(String id) {
    return onLoopGet(() -> state.storedDefinition(id));
  }

  public List<String> appIds() {
    return onLoopGet(state::appIds);
  }

  public List<String> deploymentIds() {
    return onLoopGet(state::deploymentIds);
  }

  public void deploymentOutcome(Outcome outcome) {
    onLoop(() -> state.outcome(outcome));
  }

  /**
   * Ends every deployment in flight now, each as its outcome says (a stuck one stays), as a rollout
   * that went faster would: a test says when, instead of racing a duration.
   */
  public void finishDeploymentsNow() {
    onLoop(() -> state.deploymentIds().forEach(state::finish));
  }

  /** How long new deployments stay in flight (and lock their app). Zero: they finish at once. */
  public void deploymentDuration(Duration d) {
    this.deploymentDuration = d;
  }

  /** The next {@code count} API requests (not the event stream) answer {@code status}. */
  public void failNext(int count, int status) {
    this.failStatus = status;
    this.failNext.set(count);
  }

  /**
   * Before the next {@code method} request to {@code path} is answered, another client changes
   * {@code appId} with {@code change} (a partial PUT, not forced): the race in which an app gets
   * locked between a reader's GET and its write. Once.
   */
  public void interleaveBeforeNext(String method, String path, String appId, JsonObject change) {
    interleaves.add(new Interleave(method, path, appId, change.copy()));
  }

  private record Interleave(String method, String path, String appId, JsonObject change) {}

  private record AppliedThenFailed(String method, String path, int status) {}

  private final List<AppliedThenFailed> appliedThenFailed =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * The next {@code method} request to {@code path} is carried out, and then answered {@code
   * status} as if it had not been: what Marathon does when a write times out on its side (503)
   * after it applied it. Once.
   */
  public void applyThenFailNext(String method, String path, int status) {
    appliedThenFailed.add(new AppliedThenFailed(method, path, status));
  }

  public void latency(Duration d) {
    this.latency = d;
  }

  /** Requires HTTP basic auth, as {@code --http_credentials user:pass}. */
  public void requireBasicAuth(String user, String password) {
    this.credentials =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Makes this instance a standby: {@code /v2/events} answers 302 to the leader's URL. */
  public void standbyOf(String leaderUrl) {
    this.standbyLeader = leaderUrl;
  }

  /** Cuts every open event stream, as a network fault or a Marathon restart would. */
  public void dropEventStreams() {
    onLoop(stream::closeAll);
  }

  /** Stops heartbeats without closing streams, as a half-dead connection would. */
  public void silenceEventStreams(boolean silent) {
    stream.silence(silent);
  }

  public int openEventStreams() {
    return stream.openCount();
  }

  /** Sends an event of any type to the streams that subscribed to it. */
  public void emit(String eventType, JsonObject payload) {
    onLoop(() -> stream.emit(eventType, payload));
  }

  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public List<RecordedRequest> requests(String method, String pathPrefix) {
    return requests().stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
        .toList();
  }

  public void clearRequests() {
    synchronized (requests) {
      requests.clear();
    }
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private void handle(HttpServerRequest req) {
    long arrived = System.nanoTime();
    req.body()
        .onSuccess(
            buf -> {
              Map<String, String> headers = new LinkedHashMap<>();
              req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
              record(
                  new RecordedRequest(
                      req.method().name(),
                      req.path(),
                      req.query(),
                      headers,
                      buf.toString(),
                      arrived));
              if (credentials != null && !credentials.equals(req.getHeader("Authorization"))) {
                // Jetty BASIC: an HTML page, not the JSON of plugin auth.
                req.response()
                    .setStatusCode(401)
                    .putHeader("WWW-Authenticate", "basic realm=\"Mesosphere\"")
                    .putHeader("Content-Type", "text/html;charset=ISO-8859-1")
                    .end(
                        "<html><head><title>Error 401 Unauthorized</title></head><body><h2>HTTP ERROR 401</h2></body></html>");
                return;
              }
              if (req.path().equals("/v2/events")) {
                stream.attach(req, standbyLeader);
                return;
              }
              Runnable answer = () -> respond(req, buf.toString());
              if (latency.isZero()) {
                answer.run();
              } else {
                vertx.setTimer(latency.toMillis(), t -> answer.run());
              }
            });
  }

  private void record(RecordedRequest r) {
    synchronized (requests) {
      requests.add(r);
    }
  }

  private void respond(HttpServerRequest req, String body) {
    if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      write(req, SimResponse.error(failStatus, "simulated failure " + failStatus));
      return;
    }
    for (Interleave i : interleaves) {
      if (i.method().equals(req.method().name()) && i.path().equals(req.path())) {
        interleaves.remove(i);
        state.put(i.appId(), i.change(), false, true, false);
        break;
      }
    }
    SimResponse r;
    try {
      r = route(req, body);
    } catch (DecodeException | ClassCastException e) {
      r =
          SimResponse.json(
              400,
              new JsonObject()
                  .put("message", "Invalid JSON")
                  .put(
                      "details",
                      new JsonArray()
                          .add(
                              new JsonObject()
                                  .put("path", "/")
                                  .put("errors", new JsonArray().add("error.expected.jsobject")))));
    } catch (IllegalArgumentException e) {
      r = SimResponse.error(400, e.getMessage());
    }
    for (AppliedThenFailed a : appliedThenFailed) {
      if (a.method().equals(req.method().name()) && a.path().equals(req.path())) {
        appliedThenFailed.remove(a);
        // Marathon's answer when its own ask of the deployment manager times out
        r = SimResponse.error(a.status(), "Futures timed out after [10000 milliseconds]");
        break;
      }
    }
    write(req, r);
  }

  private SimResponse route(HttpServerRequest req, String body) {
    return SimRoutes.route(
        state,
        req,
        body,
        port(),
        queue,
        (killed, next) -> taskMoves.forEach(l -> l.accept(killed, next)));
  }

  private static void write(HttpServerRequest req, SimResponse r) {
    var resp =
        req.response().setStatusCode(r.status()).putHeader("Content-Type", "application/json");
    r.headers().forEach(resp::putHeader);
    resp.end(r.body());
  }

  private final java.util.Map<String, CrashingTasks> crashes =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Tasks launched from now on run on these agents in turn (their ids and hosts). */
  public void placeTasksOn(List<CrashingTasks.Agent> agents) {
    onLoop(() -> state.agents = List.copyOf(agents));
  }

  /**
   * The next deployment of {@code appId} gets tasks that crash ({@link CrashingTasks}): it stays in
   * flight, locking the app, until it is deleted or forced, as a real one does.
   */
  public void crashNextDeployment(String appId, CrashingTasks crash) {
    crashes.put(appId, crash);
  }

  private void scheduleFinish(SimulatedDeployments.Dep d) {
    CrashingTasks crash = crashes.remove(d.appId);
    if (crash != null) {
      d.outcome = Outcome.STUCK;
      SimEmitter events = new SimEmitter(stream::emit, clock);
      vertx.setTimer(
          Math.max(1, deploymentDuration.toMillis()),
          t -> crash.loop(vertx, events, d, 0, state::inFlight));
      return;
    }
    long ms = Math.max(1, deploymentDuration.toMillis());
    vertx.setTimer(ms, t -> state.finish(d.id));
  }

  private void onLoop(Runnable r) {
    onLoopGet(
        () -> {
          r.run();
          return null;
        });
  }

  private <T> T onLoopGet(java.util.function.Supplier<T> s) {
    if (Vertx.currentContext() == context) {
      return s.get();
    }
    java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            f.complete(s.get());
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
          }
        });
    return f.join();
  }
}

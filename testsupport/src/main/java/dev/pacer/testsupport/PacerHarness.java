package dev.pacer.testsupport;

import static dev.pacer.testkit.Await.result;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerProcess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Pacer process in the test's JVM, as the daemons' ITs start one: the given daemons against the
 * given Marathon, its admin API on a free loopback port, and a spy that keeps every event of {@code
 * pacer.actions} (on its own consumer group, so it takes nothing from the daemons). The spy gets an
 * event a moment after the write that caused it: tests await on {@link #actions}, never assert on
 * it right after an HTTP answer.
 */
public final class PacerHarness implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final PacerProcess pacer;

  /** Every event seen on {@code pacer.actions} since the start, in order. */
  public final List<PacerEvent> actions;

  private PacerHarness(PacerProcess pacer, List<PacerEvent> actions) {
    this.pacer = pacer;
    this.actions = actions;
  }

  /**
   * Starts {@code daemons} with {@code marathonUrl} and {@code settings} over the harness's own:
   * the HTTP server on 127.0.0.1 and a free port, and Kafka topic and group prefixes of its own (so
   * a broker shared by tests replays nothing of another's).
   */
  public static PacerHarness start(
      String marathonUrl, Map<String, String> settings, List<DaemonModule<?>> daemons) {
    return start(marathonUrl, settings, daemons, new CopyOnWriteArrayList<>());
  }

  /**
   * As {@link #start(String, Map, List)}, the spy adding to {@code actions} (a thread-safe list a
   * test keeps across a restart).
   */
  public static PacerHarness start(
      String marathonUrl,
      Map<String, String> settings,
      List<DaemonModule<?>> daemons,
      List<PacerEvent> actions) {
    return start(marathonUrl, settings, daemons, actions, null);
  }

  /**
   * As {@link #start(String, Map, List, List)}, on virtual time when {@code time} is given: every
   * decision's timer (the daemons' cycles, the lanes' waits, pauses' expiries, Slack's pacing)
   * fires only when the test advances {@code time}; IO runs as ever.
   */
  public static PacerHarness start(
      String marathonUrl,
      Map<String, String> settings,
      List<DaemonModule<?>> daemons,
      List<PacerEvent> actions,
      ManualScheduler time) {
    Map<String, String> o = new HashMap<>();
    o.put("pacer.marathon.urls", "[\"" + marathonUrl + "\"]");
    o.put("pacer.http.host", "127.0.0.1");
    o.put("pacer.http.port", "0");
    o.put("pacer.kafka.group-prefix", "it-" + UUID.randomUUID());
    o.put("pacer.kafka.topic-prefix", "it-" + UUID.randomUUID() + ".");
    o.putAll(settings);
    PacerProcess pacer =
        time == null
            ? PacerProcess.prepare(
                ConfigLoader.load(Optional.empty(), o), daemons, Clock.systemUTC())
            : PacerProcess.prepare(ConfigLoader.load(Optional.empty(), o), daemons, v -> time);
    result(pacer.start());
    PacerHarness h = new PacerHarness(pacer, actions);
    result(
        pacer
            .runtime()
            .backbone()
            .subscribe(
                Topics.ACTIONS,
                "it-spy-" + UUID.randomUUID(),
                e -> {
                  h.actions.add(e);
                  return Future.succeededFuture();
                }));
    return h;
  }

  public PacerProcess process() {
    return pacer;
  }

  /** The admin API's port. */
  public int port() {
    return pacer.httpPort();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** The events on {@code pacer.actions} about {@code subject}, their types in order. */
  public List<String> actionTypes(String subject) {
    return actions.stream().filter(e -> e.subject().equals(subject)).map(PacerEvent::type).toList();
  }

  /** {@code GET /status}, as an operator reads it. */
  public JsonObject status() {
    return new JsonObject(get("/status"));
  }

  /** {@code GET path}'s body. */
  public String get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path)))).body();
  }

  /** {@code POST path} with a JSON body and the admin token, as a runbook does: the status code. */
  public int post(String path, String json, String adminToken) {
    return send(HttpRequest.newBuilder(URI.create(url(path)))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)))
        .statusCode();
  }

  private static HttpResponse<String> send(HttpRequest.Builder req) {
    try {
      return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the process (every daemon, in reverse start order). */
  @Override
  public void close() {
    result(pacer.stop());
  }
}

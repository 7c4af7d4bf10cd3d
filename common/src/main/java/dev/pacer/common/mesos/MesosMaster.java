package dev.pacer.common.mesos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Mesos master's HTTP API as the agent-scaler uses it. The leader is found before use, as
 * Clusterman does: {@code GET /redirect} on each configured master answers 307 with a
 * scheme-relative {@code Location: //host:port}; redirects are never followed blindly (a POST must
 * not be replayed elsewhere). A call that meets a 307 or a refused connection finds the leader
 * again once. Failures are {@link MesosException}s.
 */
public final class MesosMaster {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Vertx vertx;
  private final WebClient http;
  private final List<URI> masters;
  private final long timeoutMillis;
  private volatile URI leader;

  public MesosMaster(Vertx vertx, List<URI> masters, Duration timeout) {
    this.vertx = vertx;
    this.http =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE)));
    this.masters = List.copyOf(masters);
    this.timeoutMillis = timeout.toMillis();
  }

  /** A call failed: the status (0 when none came back) and what the master said. */
  public static final class MesosException extends RuntimeException {
    private final int status;

    public MesosException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * A readiness probe of the leading master among {@code masters} ({@code /redirect}), for the
   * daemons that read Mesos every cycle; it closes its own client.
   */
  public static dev.pacer.common.runtime.Probe leaderProbe(
      Vertx vertx, List<URI> masters, Duration timeout) {
    MesosMaster mesos =
        new MesosMaster(
            vertx,
            masters,
            Duration.ofMillis(
                Math.min(timeout.toMillis(), dev.pacer.common.runtime.Probes.TIMEOUT.toMillis())));
    return dev.pacer.common.runtime.Probes.of(
        "mesos",
        "Mesos master "
            + masters.stream()
                .map(Object::toString)
                .collect(java.util.stream.Collectors.joining(", "))
            + " (leader via /redirect)",
        true,
        () -> mesos.leader().map(l -> "leader " + l),
        mesos::close);
  }

  /** Frees the HTTP client. */
  public void close() {
    http.close();
  }

  /** The leading master's base URL, asked of each configured master in turn. */
  public Future<URI> leader() {
    return ask(0, null);
  }

  private Future<URI> ask(int i, Throwable last) {
    if (i >= masters.size()) {
      return Future.failedFuture(
          new MesosException(
              0,
              "no Mesos master told the leader" + (last == null ? "" : ": " + last.getMessage())));
    }
    URI m = masters.get(i);
    return http.requestAbs(HttpMethod.GET, m + "/redirect")
        .timeout(timeoutMillis)
        .send()
        .compose(
            r -> {
              String loc = r.getHeader("Location");
              if (r.statusCode() / 100 != 3 || loc == null) {
                return Future.<URI>failedFuture(
                    new MesosException(
                        r.statusCode(), m + "/redirect answered without a Location"));
              }
              URI l = URI.create(loc.startsWith("//") ? m.getScheme() + ":" + loc : loc);
              leader = URI.create(l.getScheme() + "://" + l.getAuthority());
              return Future.succeededFuture(leader);
            })
        .recover(e -> ask(i + 1, e));
  }

  /** {@code GET /master/state}, decoded. */
  @SuppressWarnings("unchecked")
  public Future<Map<String, Object>> state() {
    return state(body -> (Map<String, Object>) JSON.readValue(body, Map.class));
  }

  /** What a JSON body becomes; may throw an {@link java.io.IOException} when it is not JSON. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] body) throws java.io.IOException;
  }

  /**
   * {@code GET /master/state}, decoded by {@code decode} off the event loop (a large cluster's
   * state is megabytes): a reader that needs a few fields streams them instead of building it all.
   */
  public <T> Future<T> state(Decoder<T> decode) {
    return call(HttpMethod.GET, "/master/state", null)
        .compose(
            r ->
                vertx.executeBlocking(
                    () -> {
                      try {
                        return decode.decode(r.body().getBytes());
                      } catch (java.io.IOException | RuntimeException e) {
                        throw new MesosException(
                            r.statusCode(), "/master/state is not JSON: " + e.getMessage());
                      }
                    },
                    false));
  }

  public Future<JsonObject> schedule() {
    return call(HttpMethod.GET, "/master/maintenance/schedule", null)
        .map(r -> r.bodyAsJsonObject());
  }

  /**
   * Read-modify-write of the maintenance schedule: a POST replaces the whole schedule, so the
   * windows others put there are read first and kept by {@code change}.
   */
  public Future<Void> updateSchedule(UnaryOperator<JsonObject> change) {
    return schedule()
        .compose(
            s ->
                call(
                    HttpMethod.POST,
                    "/master/maintenance/schedule",
                    Buffer.buffer(change.apply(s.copy()).encode())))
        .mapEmpty();
  }

  public Future<JsonObject> maintenanceStatus() {
    return call(HttpMethod.GET, "/master/maintenance/status", null).map(r -> r.bodyAsJsonObject());
  }

  /** {@code POST /master/machine/down}: the machines must be in the schedule already. */
  public Future<Void> machinesDown(JsonArray machines) {
    return call(HttpMethod.POST, "/master/machine/down", machines.toBuffer()).mapEmpty();
  }

  /** {@code POST /master/machine/up}: also takes them out of the schedule. */
  public Future<Void> machinesUp(JsonArray machines) {
    return call(HttpMethod.POST, "/master/machine/up", machines.toBuffer()).mapEmpty();
  }

  private Future<HttpResponse<Buffer>> call(HttpMethod m, String path, Buffer body) {
    return attempt(m, path, body)
        .recover(
            e -> {
              boolean moved =
                  e instanceof MesosException me && (me.status() == 307 || me.status() == 0);
              return moved ? leader().compose(l -> attempt(m, path, body)) : Future.failedFuture(e);
            });
  }

  private Future<HttpResponse<Buffer>> attempt(HttpMethod m, String path, Buffer body) {
    Future<URI> l = leader == null ? leader() : Future.succeededFuture(leader);
    return l.compose(
        base -> {
          var req = http.requestAbs(m, base + path).timeout(timeoutMillis);
          Future<HttpResponse<Buffer>> sent =
              body == null
                  ? req.send()
                  : req.putHeader("Content-Type", "application/json").sendBuffer(body);
          return sent.transform(
              ar -> {
                if (ar.failed()) {
                  return Future.failedFuture(
                      new MesosException(0, m + " " + path + ": " + ar.cause().getMessage()));
                }
                HttpResponse<Buffer> r = ar.result();
                if (r.statusCode() / 100 == 2) {
                  return Future.succeededFuture(r);
                }
                String text = r.bodyAsString() == null ? "" : r.bodyAsString().strip();
                return Future.failedFuture(
                    new MesosException(
                        r.statusCode(),
                        m
                            + " "
                            + path
                            + " answered "
                            + r.statusCode()
                            + (text.isEmpty() ? "" : ": " + text)));
              });
        });
  }
}

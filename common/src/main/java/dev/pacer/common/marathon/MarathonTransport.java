package dev.pacer.common.marathon;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.json.JsonLists;
import dev.pacer.common.retry.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link WebClientMarathonClient} reaches Marathon. Tries the configured URLs in turn, starting
 * with the last one that answered. A refused connection moves to the next URL for any call; a 5xx
 * or a timeout does so only for idempotent calls (GETs), which are also retried with backoff. A 4xx
 * becomes the {@link MarathonException} it means.
 */
public final class MarathonTransport {
  private static final Logger LOG = LoggerFactory.getLogger(MarathonTransport.class);

  private final Vertx vertx;
  private final PacerConfig.Marathon settings;
  private final WebClient client;
  private final Backoff backoff;
  private volatile int preferred;
  private volatile io.micrometer.core.instrument.MeterRegistry meters;
  private final java.util.Map<String, io.micrometer.core.instrument.Counter> requests =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Counts every request in {@code pacer.marathon.requests{method,status}} from now on. */
  void meters(io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
  }

  /** {@code status}: the HTTP status, or {@code error} when no answer came. */
  private void count(HttpMethod method, String status) {
    io.micrometer.core.instrument.MeterRegistry m = meters;
    if (m == null) {
      return;
    }
    requests
        .computeIfAbsent(
            method.name() + " " + status,
            k ->
                io.micrometer.core.instrument.Counter.builder("pacer.marathon.requests")
                    .description(
                        "requests to Marathon's API by method and status (error: no answer)")
                    .tag("method", method.name())
                    .tag("status", status)
                    .register(m))
        .increment();
  }

  MarathonTransport(Vertx vertx, PacerConfig.Marathon settings, String userAgent) {
    this.vertx = vertx;
    this.settings = settings;
    WebClientOptions options =
        new WebClientOptions()
            .setConnectTimeout((int) settings.connectTimeout().toMillis())
            .setUserAgent(userAgent)
            .setFollowRedirects(false);
    if (settings.caFile() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(settings.caFile().toString()));
    }
    this.client = WebClient.create(vertx, options);
    this.backoff = new Backoff(settings.retryBackoff(), settings.retryBackoffMax());
  }

  /** The {@code Authorization} header for Marathon, or null. */
  public static String authorizationHeader(PacerConfig.Marathon s) {
    if (s.token().isPresent()) {
      return "token=" + s.token().reveal();
    }
    if (!s.username().isEmpty()) {
      String pair = s.username() + ":" + s.password().reveal();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  void close() {
    client.close();
  }

  /** One logical call: what to send, whether it may be sent again, and where its answer goes. */
  private record Call<T>(
      HttpMethod method,
      String pathAndQuery,
      Buffer body,
      boolean idempotent,
      String appId,
      Function<HttpResponse<Buffer>, T> onOk,
      Promise<T> result) {}

  <T> Future<T> call(
      HttpMethod method,
      String pathAndQuery,
      Buffer body,
      boolean idempotent,
      String appId,
      Function<HttpResponse<Buffer>, T> onOk) {
    Call<T> c = new Call<>(method, pathAndQuery, body, idempotent, appId, onOk, Promise.promise());
    attempt(c, 1, 0, null);
    return c.result().future();
  }

  private <T> void attempt(Call<T> c, int round, int triedInRound, Throwable last) {
    List<URI> urls = settings.urls();
    if (triedInRound >= urls.size()) {
      if (c.idempotent() && round <= settings.retries()) {
        vertx.setTimer(backoff.delayMillis(round), t -> attempt(c, round + 1, 0, last));
      } else {
        c.result()
            .fail(
                last instanceof MarathonException
                    ? last
                    : new MarathonException.Unavailable(
                        "Marathon unavailable for "
                            + c.method()
                            + " "
                            + c.pathAndQuery()
                            + " at "
                            + urls
                            + ": "
                            + last,
                        last));
      }
      return;
    }
    int index = (preferred + triedInRound) % urls.size();
    URI base = urls.get(index);
    HttpRequest<Buffer> req =
        client
            .requestAbs(c.method(), base.toString() + c.pathAndQuery())
            .timeout(settings.requestTimeout().toMillis())
            .putHeader("Accept", "application/json");
    // asked each time: a token or password file rewritten since is taken without a restart
    String authorization = authorizationHeader(settings);
    if (authorization != null) {
      req.putHeader("Authorization", authorization);
    }
    Future<HttpResponse<Buffer>> sent;
    if (c.body() != null) {
      req.putHeader("Content-Type", "application/json; charset=utf-8");
      sent = req.sendBuffer(c.body());
    } else {
      sent = req.send();
    }
    String what = c.method() + " " + base + c.pathAndQuery();
    sent.onComplete(
        ar -> {
          count(c.method(), ar.failed() ? "error" : String.valueOf(ar.result().statusCode()));
          if (ar.failed()) {
            Throwable cause = ar.cause();
            LOG.debug("app={} {} failed: {}", c.appId(), what, cause.toString());
            // A refused connection means the request never arrived: safe to send anywhere else.
            boolean neverSent =
                cause instanceof ConnectException
                    || String.valueOf(cause.getMessage()).contains("Connection refused");
            nextUrl(
                c,
                round,
                triedInRound,
                neverSent,
                new MarathonException.Unavailable(what + " failed: " + cause.getMessage(), cause));
            return;
          }
          HttpResponse<Buffer> r = ar.result();
          int status = r.statusCode();
          if (status >= 500) {
            nextUrl(
                c,
                round,
                triedInRound,
                false,
                new MarathonException.Unavailable(
                    what + " answered " + status + ": " + message(r), null));
            return;
          }
          preferred = index;
          if (status >= 200 && status < 300) {
            try {
              c.result().complete(c.onOk().apply(r));
            } catch (RuntimeException e) {
              c.result()
                  .fail(
                      new MarathonException.Unavailable(
                          "unexpected answer to "
                              + c.method()
                              + " "
                              + c.pathAndQuery()
                              + ": "
                              + e.getMessage(),
                          e));
            }
          } else {
            c.result().fail(failureFor(status, r, c.appId()));
          }
        });
  }

  /** Moves on to the next URL when the call may be sent again, else fails it. */
  private <T> void nextUrl(
      Call<T> c, int round, int triedInRound, boolean neverSent, Throwable failure) {
    if (neverSent || c.idempotent()) {
      attempt(c, round, triedInRound + 1, failure);
    } else {
      c.result().fail(failure);
    }
  }

  private static MarathonException failureFor(int status, HttpResponse<Buffer> r, String appId) {
    JsonObject body = jsonOrNull(r);
    String message = message(r);
    return switch (status) {
      case 409 ->
          body != null && body.containsKey("deployments")
              ? new MarathonException.AppLocked(
                  appId, MarathonJson.ids(JsonLists.array(body, "deployments")))
              : new MarathonException.Rejected(status, message);
      case 404 -> new MarathonException.NotFound(message);
      case 400, 422 -> new MarathonException.Invalid(message, MarathonJson.errorDetails(body));
      default -> new MarathonException.Rejected(status, message);
    };
  }

  private static String message(HttpResponse<Buffer> r) {
    JsonObject body = jsonOrNull(r);
    if (body != null && body.getString("message") != null) {
      return body.getString("message");
    }
    String text = r.bodyAsString();
    if (text == null || text.isBlank()) {
      return r.statusMessage();
    }
    return MarathonJson.abbreviate(text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip());
  }

  static JsonObject json(HttpResponse<Buffer> r) {
    JsonObject o = jsonOrNull(r);
    if (o == null) {
      throw new IllegalStateException(
          "expected a JSON object, got: "
              + MarathonJson.abbreviate(String.valueOf(r.bodyAsString())));
    }
    return o;
  }

  static JsonObject jsonOrNull(HttpResponse<Buffer> r) {
    Buffer b = r.body();
    if (b == null || b.length() == 0) {
      return null;
    }
    String text = b.toString().strip();
    if (!text.startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      return null;
    }
  }
}

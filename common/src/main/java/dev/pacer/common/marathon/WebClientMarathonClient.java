package dev.pacer.common.marathon;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.retry.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MarathonClient} on the Vert.x WebClient. Tries the configured URLs in turn, starting with
 * the last one that answered. A refused connection moves to the next URL for any call; a 5xx or a
 * timeout does so only for idempotent calls (GETs), which are also retried with backoff.
 */
public final class WebClientMarathonClient implements MarathonClient {
  private static final Logger LOG = LoggerFactory.getLogger(WebClientMarathonClient.class);

  private final Vertx vertx;
  private final PacerConfig.Marathon settings;
  private final WebClient client;
  private final Backoff backoff;
  private final String authorization;
  private volatile int preferred;

  public WebClientMarathonClient(Vertx vertx, PacerConfig.Marathon settings) {
    this(vertx, settings, "pacer");
  }

  /**
   * {@code userAgent} names the replica ({@code pacer/<pacer.ha.id>}), so Marathon's access log
   * shows which one made each change.
   */
  public WebClientMarathonClient(Vertx vertx, PacerConfig.Marathon settings, String userAgent) {
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
    this.authorization = authorizationHeader(settings);
  }

  static String authorizationHeader(PacerConfig.Marathon s) {
    if (s.token().isPresent()) {
      return "token=" + s.token().reveal();
    }
    if (!s.username().isEmpty()) {
      String pair = s.username() + ":" + s.password().reveal();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  @Override
  public Future<List<MarathonApp>> listApps(String labelSelector) {
    String q =
        labelSelector == null || labelSelector.isBlank() ? "" : "?label=" + encode(labelSelector);
    // Thousands of app definitions take a while to decode: off the event loop.
    return call(HttpMethod.GET, "/v2/apps" + q, null, true, "", HttpResponse::bodyAsBuffer)
        .compose(
            body ->
                vertx
                    .executeBlocking(() -> MarathonJson.apps(new JsonObject(body)), false)
                    .recover(
                        e ->
                            Future.failedFuture(
                                new MarathonException.Unavailable(
                                    "unexpected answer to GET /v2/apps" + q + ": " + e.getMessage(),
                                    e))));
  }

  @Override
  public Future<MarathonApp> getApp(String appId) {
    return rawApp(appId).map(MarathonJson::app);
  }

  private Future<JsonObject> rawApp(String appId) {
    return call(
        HttpMethod.GET,
        appPath(appId),
        null,
        true,
        appId,
        r -> {
          JsonObject app = json(r).getJsonObject("app");
          if (app == null) {
            throw new IllegalStateException(
                "GET " + appPath(appId) + " answered without an \"app\" object");
          }
          return app;
        });
  }

  @Override
  public Future<DeploymentRef> updateImage(
      String appId, String image, Map<String, String> setLabels, boolean force) {
    return rawApp(appId)
        .compose(app -> updateImage(MarathonJson.app(app), image, setLabels, force));
  }

  @Override
  public Future<DeploymentRef> updateImage(
      MarathonApp current, String image, Map<String, String> setLabels, boolean force) {
    String appId = current.id();
    JsonObject container = current.container();
    JsonObject docker = container == null ? null : container.getJsonObject("docker");
    if (docker == null) {
      return Future.failedFuture(
          new MarathonException.Invalid(
              "app " + appId + " has no container.docker to set an image on", List.of()));
    }
    JsonObject newContainer = container.copy();
    newContainer.getJsonObject("docker").put("image", image);
    JsonObject body = new JsonObject().put("container", newContainer);
    if (!setLabels.isEmpty()) {
      JsonObject labels = new JsonObject();
      current.labels().forEach(labels::put);
      setLabels.forEach(labels::put);
      body.put("labels", labels);
    }
    return put(appId, body, force);
  }

  @Override
  public Future<DeploymentRef> scale(String appId, int instances, boolean force) {
    if (instances < 0) {
      return Future.failedFuture(
          new IllegalArgumentException("instances must be >= 0, got " + instances));
    }
    return put(appId, new JsonObject().put("instances", instances), force);
  }

  private Future<DeploymentRef> put(String appId, JsonObject body, boolean force) {
    return call(
        HttpMethod.PUT,
        appPath(appId) + "?force=" + force,
        body.toBuffer(),
        false,
        appId,
        r -> MarathonJson.deploymentRef(jsonOrNull(r), r.getHeader("Marathon-Deployment-Id")));
  }

  @Override
  public Future<List<Deployment>> deployments() {
    return call(
        HttpMethod.GET,
        "/v2/deployments",
        null,
        true,
        "",
        r -> MarathonJson.deployments(new JsonArray(r.bodyAsBuffer())));
  }

  @Override
  public Future<DeploymentRef> revertDeployment(String deploymentId) {
    return call(
        HttpMethod.DELETE,
        "/v2/deployments/" + encode(deploymentId),
        null,
        false,
        "",
        r -> MarathonJson.deploymentRef(jsonOrNull(r), r.getHeader("Marathon-Deployment-Id")));
  }

  @Override
  public Future<JsonObject> queue() {
    return call(HttpMethod.GET, "/v2/queue", null, true, "", WebClientMarathonClient::json);
  }

  @Override
  public Future<List<String>> killTasks(List<String> taskIds) {
    Buffer body = new JsonObject().put("ids", new JsonArray(new ArrayList<>(taskIds))).toBuffer();
    return call(
        HttpMethod.POST,
        "/v2/tasks/delete?scale=false",
        body,
        false,
        "",
        r -> {
          List<String> killed = new ArrayList<>();
          json(r)
              .getJsonArray("tasks", new JsonArray())
              .forEach(t -> killed.add(((JsonObject) t).getString("id")));
          return killed;
        });
  }

  @Override
  public Future<List<String>> appVersions(String appId) {
    return call(
        HttpMethod.GET,
        appPath(appId) + "/versions",
        null,
        true,
        appId,
        r -> {
          List<String> versions = new ArrayList<>();
          json(r)
              .getJsonArray("versions", new JsonArray())
              .forEach(v -> versions.add(String.valueOf(v)));
          versions.sort(Comparator.reverseOrder());
          return versions;
        });
  }

  @Override
  public Future<JsonObject> appDefinition(String appId, String version) {
    return call(
        HttpMethod.GET,
        appPath(appId) + "/versions/" + encode(version),
        null,
        true,
        appId,
        WebClientMarathonClient::json);
  }

  @Override
  public Future<JsonObject> appJson(String appId) {
    return rawApp(appId);
  }

  @Override
  public Future<Void> ping() {
    return call(HttpMethod.GET, "/v2/leader", null, false, "", r -> null);
  }

  @Override
  public void close() {
    client.close();
  }

  static String appPath(String appId) {
    StringBuilder sb = new StringBuilder("/v2/apps");
    for (String seg : appId.split("/")) {
      if (!seg.isEmpty()) {
        sb.append('/').append(encode(seg));
      }
    }
    return sb.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
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

  private <T> Future<T> call(
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
                  appId, MarathonJson.ids(body.getJsonArray("deployments")))
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

  private static JsonObject json(HttpResponse<Buffer> r) {
    JsonObject o = jsonOrNull(r);
    if (o == null) {
      throw new IllegalStateException(
          "expected a JSON object, got: "
              + MarathonJson.abbreviate(String.valueOf(r.bodyAsString())));
    }
    return o;
  }

  private static JsonObject jsonOrNull(HttpResponse<Buffer> r) {
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

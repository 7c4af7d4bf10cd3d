package dev.pacer.common.marathon;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.json.JsonLists;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@link MarathonClient} on the Vert.x WebClient: what each call sends and how its answer reads.
 * {@link MarathonTransport} sends it: the configured URLs in turn, retries of idempotent calls, and
 * Marathon's errors as {@link MarathonException}s.
 */
public final class WebClientMarathonClient implements MarathonClient {
  private final Vertx vertx;
  private final MarathonTransport transport;

  public WebClientMarathonClient(Vertx vertx, PacerConfig.Marathon settings) {
    this(vertx, settings, "pacer");
  }

  /**
   * {@code userAgent} names the replica ({@code pacer/<pacer.ha.id>}), so Marathon's access log
   * shows which one made each change.
   */
  public WebClientMarathonClient(Vertx vertx, PacerConfig.Marathon settings, String userAgent) {
    this.vertx = vertx;
    this.transport = new MarathonTransport(vertx, settings, userAgent);
  }

  /** Counts every request in {@code pacer.marathon.requests{method,status}}. */
  public WebClientMarathonClient meters(io.micrometer.core.instrument.MeterRegistry meters) {
    transport.meters(meters);
    return this;
  }

  @Override
  public Future<List<MarathonApp>> listApps(String labelSelector) {
    String q =
        labelSelector == null || labelSelector.isBlank() ? "" : "?label=" + encode(labelSelector);
    return listDecoded(q, AppListDecoder::apps);
  }

  @Override
  public Future<java.util.Map<String, String>> listLabel(String label) {
    return listDecoded("?label=" + encode(label), body -> AppListDecoder.label(body, label));
  }

  /**
   * {@code GET /v2/apps<query>}, decoded off the event loop (thousands of app definitions take a
   * while); an answer that does not decode is Marathon being unavailable, said with the request.
   */
  private <T> Future<T> listDecoded(String q, java.util.function.Function<byte[], T> decode) {
    return transport
        .call(HttpMethod.GET, "/v2/apps" + q, null, true, "", HttpResponse::bodyAsBuffer)
        .compose(
            body ->
                vertx
                    .executeBlocking(() -> decode.apply(body.getBytes()), false)
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

  @Override
  public Future<java.util.Optional<JsonObject>> appDefinition(String appId) {
    return rawApp(appId)
        .map(java.util.Optional::of)
        .recover(
            e ->
                e instanceof MarathonException.NotFound
                    ? Future.succeededFuture(java.util.Optional.empty())
                    : Future.failedFuture(e));
  }

  @Override
  public Future<DeploymentRef> putApp(String appId, JsonObject body, boolean force) {
    return put(appId, body, force);
  }

  private Future<JsonObject> rawApp(String appId) {
    return transport.call(
        HttpMethod.GET,
        appPath(appId),
        null,
        true,
        appId,
        r -> {
          JsonObject app = MarathonTransport.json(r).getJsonObject("app");
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
      // a null value takes the label off (a rollback putting back what an image had)
      setLabels.forEach(
          (k, v) -> {
            if (v == null) {
              labels.remove(k);
            } else {
              labels.put(k, v);
            }
          });
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
    return transport.call(
        HttpMethod.PUT,
        appPath(appId) + "?force=" + force,
        body.toBuffer(),
        false,
        appId,
        r ->
            MarathonJson.deploymentRef(
                MarathonTransport.jsonOrNull(r), r.getHeader("Marathon-Deployment-Id")));
  }

  @Override
  public Future<List<Deployment>> deployments() {
    return transport.call(
        HttpMethod.GET,
        "/v2/deployments",
        null,
        true,
        "",
        r -> MarathonJson.deployments(new JsonArray(r.bodyAsBuffer())));
  }

  @Override
  public Future<DeploymentRef> revertDeployment(String deploymentId) {
    return transport.call(
        HttpMethod.DELETE,
        "/v2/deployments/" + encode(deploymentId),
        null,
        false,
        "",
        r ->
            MarathonJson.deploymentRef(
                MarathonTransport.jsonOrNull(r), r.getHeader("Marathon-Deployment-Id")));
  }

  @Override
  public Future<List<QueuedApp>> queue() {
    return transport.call(
        HttpMethod.GET,
        "/v2/queue",
        null,
        true,
        "",
        r -> MarathonJson.queue(MarathonTransport.json(r)));
  }

  @Override
  public Future<List<String>> killTasks(List<String> taskIds) {
    Buffer body = new JsonObject().put("ids", new JsonArray(new ArrayList<>(taskIds))).toBuffer();
    return transport.call(
        HttpMethod.POST,
        "/v2/tasks/delete?scale=false",
        body,
        false,
        "",
        r -> {
          List<String> killed = new ArrayList<>();
          JsonLists.objects(MarathonTransport.json(r), "tasks")
              .forEach(t -> killed.add(t.getString("id")));
          return killed;
        });
  }

  @Override
  public Future<List<String>> appVersions(String appId) {
    return transport.call(
        HttpMethod.GET,
        appPath(appId) + "/versions",
        null,
        true,
        appId,
        r -> {
          List<String> versions = new ArrayList<>();
          JsonLists.array(MarathonTransport.json(r), "versions")
              .forEach(v -> versions.add(String.valueOf(v)));
          versions.sort(Comparator.reverseOrder());
          return versions;
        });
  }

  @Override
  public Future<AppVersion> appVersion(String appId, String version) {
    return transport.call(
        HttpMethod.GET,
        appPath(appId) + "/versions/" + encode(version),
        null,
        true,
        appId,
        r -> MarathonJson.appVersion(version, MarathonTransport.json(r)));
  }

  @Override
  public Future<AppDetails> appDetails(String appId) {
    return rawApp(appId).map(MarathonJson::appDetails);
  }

  @Override
  public Future<Void> ping() {
    return transport.call(HttpMethod.GET, "/v2/leader", null, false, "", r -> null);
  }

  @Override
  public void close() {
    transport.close();
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
}

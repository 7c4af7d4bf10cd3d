package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.ingest.RegistryEnvelope;
import dev.pacer.common.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Asks the registry whether a pushed manifest exists before Pacer deploys it ({@code HEAD
 * /v2/<repo>/manifests/<tag>}), so an app never gets an image its agents cannot pull.
 */
public final class ManifestChecker {

  /**
   * The registry's answer: the tag is there with the pushed digest; it is not there; it is there
   * but now points at another digest (the push is stale: a later push moved the tag); or unchecked.
   */
  public enum Result {
    PRESENT,
    ABSENT,
    MOVED,
    NOT_CHECKED
  }

  private final WebClient client;
  private final String registryUrl;
  private final String authorization;

  public ManifestChecker(Vertx vertx, String registryUrl, String username, Secret password) {
    this.client =
        WebClient.create(
            vertx, new WebClientOptions().setConnectTimeout(2000).setUserAgent("pacer"));
    this.registryUrl = registryUrl;
    this.authorization =
        username.isEmpty()
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
  }

  public Future<Result> check(ImagePush push) {
    String base =
        !registryUrl.isEmpty() ? registryUrl : push.host().isEmpty() ? "" : "http://" + push.host();
    if (base.isEmpty()) {
      return Future.succeededFuture(Result.NOT_CHECKED);
    }
    var req =
        client
            .requestAbs(
                HttpMethod.HEAD, base + "/v2/" + push.repository() + "/manifests/" + push.tag())
            .timeout(5000)
            .putHeader("Accept", String.join(", ", RegistryEnvelope.MANIFEST_TYPES));
    if (authorization != null) {
      req.putHeader("Authorization", authorization);
    }
    return req.send()
        .compose(
            r ->
                switch (r.statusCode()) {
                  case 200 ->
                      Future.succeededFuture(
                          push.digest().isEmpty()
                                  || push.digest().equals(r.getHeader("Docker-Content-Digest"))
                              ? Result.PRESENT
                              : Result.MOVED);
                  case 404 -> Future.succeededFuture(Result.ABSENT);
                  default ->
                      Future.failedFuture(
                          "registry answered "
                              + r.statusCode()
                              + " to HEAD manifest of "
                              + push.reference());
                });
  }

  public void close() {
    client.close();
  }
}

package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.ingest.RegistryEnvelope;
import dev.pacer.common.config.Secret;
import dev.pacer.common.json.JsonLists;
import dev.pacer.common.retry.Backoff;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The registry's HTTP API as the autodeployer reads it: whether a pushed manifest still carries the
 * pushed digest (before a deploy), and the tags, digests and image creation times of a repository
 * (the backstop poll). {@code base} is the configured {@code registry.url}, else http:// + the
 * host.
 */
public final class RegistryClient {

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

  /** What a check found, and how many times it asked (more than once when the tag was late). */
  public record Check(Result result, int attempts) {}

  private static final String ACCEPT = String.join(", ", RegistryEnvelope.MANIFEST_TYPES);
  // A registry 2.8 links the tag a few ms to ~200 ms after it notifies: ask again soon at first.
  private static final Backoff LATE_TAG =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
  private final Vertx vertx;
  private final Scheduler scheduler;
  private final WebClient client;
  private final String registryUrl;
  private final String username;
  private final Secret password;

  public RegistryClient(
      Vertx vertx, Scheduler scheduler, String registryUrl, String username, Secret password) {
    this.vertx = vertx;
    this.scheduler = scheduler;
    this.client =
        WebClient.create(
            vertx, new WebClientOptions().setConnectTimeout(2000).setUserAgent("pacer"));
    this.registryUrl = registryUrl;
    this.username = username;
    this.password = password;
  }

  /**
   * {@code Basic <username:password>}, or null without a username. Asked at each request: a {@code
   * registry.password-file} rewritten since is taken without a restart.
   */
  public static String authorization(String username, Secret password) {
    return username.isEmpty()
        ? null
        : "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
  }

  /** The base URL for a host, or "" when neither a registry URL nor a host is known. */
  public String base(String host) {
    return !registryUrl.isEmpty() ? registryUrl : host.isEmpty() ? "" : "http://" + host;
  }

  /** The host images are referenced by when pulled from {@link #base}. */
  public String hostOf(String base) {
    return base.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
  }

  /**
   * Whether the pushed tag is in the registry with the pushed digest. A registry notifies before it
   * links the tag (contracts §2: Docker Registry 2.8 answers 404 for a moment after the
   * notification), so a 404 is asked again with backoff until {@code grace} has passed since the
   * first ask; only then is the tag {@link Result#ABSENT}. {@code onWait} hears each 404 that will
   * be asked again, with the attempt's number.
   */
  public Future<Check> check(ImagePush push, Duration grace, IntConsumer onWait) {
    String base = base(push.host());
    if (base.isEmpty()) {
      return Future.succeededFuture(new Check(Result.NOT_CHECKED, 0));
    }
    return check(base, push, scheduler.now().plus(grace), 1, onWait);
  }

  private Future<Check> check(
      String base, ImagePush push, Instant deadline, int attempt, IntConsumer onWait) {
    return digest(base, push.repository(), push.tag())
        .compose(
            d -> {
              if (d.isPresent()) {
                boolean same = push.digest().isEmpty() || push.digest().equals(d.get());
                return Future.succeededFuture(
                    new Check(same ? Result.PRESENT : Result.MOVED, attempt));
              }
              Instant now = scheduler.now();
              if (!now.isBefore(deadline)) {
                return Future.succeededFuture(new Check(Result.ABSENT, attempt));
              }
              onWait.accept(attempt);
              long wait =
                  Math.min(
                      LATE_TAG.delayMillis(attempt), Duration.between(now, deadline).toMillis());
              Promise<Check> next = Promise.promise();
              scheduler.after(
                  Duration.ofMillis(Math.max(1, wait)),
                  () -> check(base, push, deadline, attempt + 1, onWait).onComplete(next));
              return next.future();
            });
  }

  /** The digest a tag points at now, or empty when there is no such tag. */
  public Future<Optional<String>> digest(String base, String repository, String tag) {
    return request(HttpMethod.HEAD, base + "/v2/" + repository + "/manifests/" + tag)
        .putHeader("Accept", ACCEPT)
        .send()
        .compose(
            r ->
                switch (r.statusCode()) {
                  case 200 ->
                      Future.succeededFuture(
                          Optional.ofNullable(r.getHeader("Docker-Content-Digest")));
                  case 404 -> Future.succeededFuture(Optional.empty());
                  default ->
                      Future.failedFuture(
                          "registry answered "
                              + r.statusCode()
                              + " to HEAD "
                              + repository
                              + ":"
                              + tag);
                });
  }

  public Future<List<String>> tags(String base, String repository) {
    return getJson(base + "/v2/" + repository + "/tags/list")
        .map(
            o -> {
              List<String> tags = new ArrayList<>();
              // a repository whose tags were all deleted answers "tags": null
              JsonLists.array(o, "tags").forEach(t -> tags.add(String.valueOf(t)));
              return tags;
            });
  }

  /** The image's {@code created} time from its config blob; empty for an index or without one. */
  public Future<Optional<Instant>> created(String base, String repository, String digest) {
    return request(HttpMethod.GET, base + "/v2/" + repository + "/manifests/" + digest)
        .putHeader("Accept", ACCEPT)
        .send()
        .compose(
            r -> {
              JsonObject m = r.statusCode() == 200 ? r.bodyAsJsonObject() : null;
              JsonObject config = m == null ? null : m.getJsonObject("config");
              if (config == null || config.getString("digest") == null) {
                return Future.succeededFuture(Optional.empty());
              }
              return getJson(base + "/v2/" + repository + "/blobs/" + config.getString("digest"))
                  .map(
                      c -> {
                        String created = c == null ? null : c.getString("created");
                        try {
                          return created == null
                              ? Optional.empty()
                              : Optional.of(OffsetDateTime.parse(created).toInstant());
                        } catch (java.time.DateTimeException e) {
                          return Optional.empty();
                        }
                      });
            });
  }

  private Future<JsonObject> getJson(String url) {
    return request(HttpMethod.GET, url)
        .send()
        .compose(
            r -> {
              if (r.statusCode() == 404) {
                return Future.succeededFuture(null);
              }
              if (r.statusCode() != 200) {
                return Future.failedFuture(
                    "registry answered " + r.statusCode() + " to GET " + url);
              }
              Buffer b = r.body();
              return Future.succeededFuture(b == null ? null : new JsonObject(b));
            });
  }

  private HttpRequest<Buffer> request(HttpMethod method, String url) {
    HttpRequest<Buffer> req = client.requestAbs(method, url).timeout(5000);
    String authorization = authorization(username, password);
    if (authorization != null) {
      req.putHeader("Authorization", authorization);
    }
    return req;
  }

  public void close() {
    client.close();
  }
}

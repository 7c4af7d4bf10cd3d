package dev.pacer.testkit.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Each launcher starts its real server on free ports, the server works, and stopping it frees it.
 */
class RealServersIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void aMissingDebianPackageFailsNamingThePackage() {
    assertThatThrownBy(
            () -> RequiredPackage.require("pacer-no-such-package", "pacer-no-such-binary"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'pacer-no-such-package' is missing")
        .hasMessageContaining("apt-get install -y pacer-no-such-package");
  }

  @Test
  void theRegistryTakesAPushAndNotifiesTheManifestPushWithItsTagAndHeaders() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    List<String> auth = new CopyOnWriteArrayList<>();
    HttpServer receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            b -> {
                              auth.add(
                                  req.getHeader("Authorization")
                                      + " "
                                      + req.getHeader("Content-Type"));
                              new JsonObject(b)
                                  .getJsonArray("events")
                                  .forEach(e -> events.add((JsonObject) e));
                              req.response().end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    try (DockerRegistry registry =
        DockerRegistry.start(
            "http://127.0.0.1:" + receiver.actualPort() + "/registry/events",
            Map.of("Authorization", "Bearer secret"),
            false)) {
      String digest = registry.push("acme/foo-service", "master-abc123");
      assertThat(digest).startsWith("sha256:");
      assertThat(get(registry.url() + "/v2/acme/foo-service/tags/list")).contains("master-abc123");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(events)
                      .anySatisfy(
                          e -> {
                            assertThat(e.getString("action")).isEqualTo("push");
                            JsonObject target = e.getJsonObject("target");
                            assertThat(target.getString("tag")).isEqualTo("master-abc123");
                            assertThat(target.getString("repository"))
                                .isEqualTo("acme/foo-service");
                            assertThat(target.getString("digest")).isEqualTo(digest);
                            assertThat(target.getString("mediaType"))
                                .isEqualTo("application/vnd.oci.image.manifest.v1+json");
                          }));
      // a fresh push also announces its two blobs, untagged, as application/octet-stream
      assertThat(events)
          .filteredOn(
              e ->
                  "application/octet-stream"
                      .equals(e.getJsonObject("target").getString("mediaType")))
          .hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(e -> assertThat(e.getJsonObject("target").containsKey("tag")).isFalse());
      assertThat(auth)
          .allSatisfy(
              a ->
                  assertThat(a)
                      .isEqualTo(
                          "Bearer secret application/vnd.docker.distribution.events.v1+json"));
      long pid = registry.pid();
      registry.close();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void graphiteStoresAPlaintextMetricAndRendersIt() throws Exception {
    try (Graphite graphite = Graphite.start()) {
      long now = System.currentTimeMillis() / 1000;
      long bucket = now - now % 10 - 20;
      graphite.send("mesos.marathon.acme.web.cpu_util", 0.75, bucket);
      String url =
          graphite.url()
              + "/render?target=mesos.marathon.acme.web.cpu_util&format=json&from=-5min&noCache=true";
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                JsonArray series = new JsonArray(get(url));
                assertThat(series).hasSize(1);
                JsonObject s = series.getJsonObject(0);
                assertThat(s.getString("target")).isEqualTo("mesos.marathon.acme.web.cpu_util");
                assertThat(s.getJsonArray("datapoints"))
                    .contains(new JsonArray().add(0.75).add(bucket));
              });
      assertThat(get(graphite.url() + "/render?target=no.such.metric&format=json")).isEqualTo("[]");
    }
  }

  @Test
  void zooKeeperServesInStandaloneModeAndStopsByPid() throws Exception {
    ZooKeeper zk = ZooKeeper.start();
    int port = Integer.parseInt(zk.connectString().substring(zk.connectString().indexOf(':') + 1));
    assertThat(ZooKeeper.fourLetter(port, "ruok")).isEqualTo("imok");
    assertThat(ZooKeeper.fourLetter(port, "srvr")).contains("Mode: standalone");
    zk.close();
    assertThat(Ports.listening(port)).isFalse();
  }

  @Test
  void theSharedKafkaBrokerIsReachable() throws Exception {
    String bootstrap = KafkaBroker.shared().bootstrapServers();
    var props = new java.util.Properties();
    props.put("bootstrap.servers", bootstrap);
    try (var admin = org.apache.kafka.clients.admin.Admin.create(props)) {
      assertThat(admin.describeCluster().nodes().get()).hasSize(1);
    }
    assertThat(KafkaBroker.shared()).isSameAs(KafkaBroker.shared());
  }
}

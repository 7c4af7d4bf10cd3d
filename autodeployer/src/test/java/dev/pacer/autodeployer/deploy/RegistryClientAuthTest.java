package dev.pacer.autodeployer.deploy;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.config.Secret;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's credentials are asked at each request: a rewritten password file is taken. */
class RegistryClientAuthTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();
  final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    result(vertx.close());
  }

  static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRewrittenPasswordFileIsSentFromTheNextRequestsOn() throws Exception {
    // a registry that records the credentials of each tag list it is asked for
    int port =
        result(
                vertx
                    .createHttpServer()
                    .requestHandler(
                        r -> {
                          seen.add(String.valueOf(r.getHeader("Authorization")));
                          r.response()
                              .putHeader("Content-Type", "application/json")
                              .end(
                                  new JsonObject()
                                      .put("name", "acme/web")
                                      .put("tags", new JsonArray().add("1"))
                                      .encode());
                        })
                    .listen(0, "127.0.0.1"))
            .actualPort();
    Path file = Files.writeString(dir.resolve("registry-password"), "old\n");
    Secret password = Secret.ofFile(file, "pacer.autodeployer.registry.password-file");
    RegistryClient client =
        new RegistryClient(
            vertx,
            new dev.pacer.common.time.VertxScheduler(vertx, Clock.systemUTC()),
            "http://127.0.0.1:" + port,
            "pacer",
            password);
    try {
      assertThat(result(client.tags(client.base(""), "acme/web"))).containsExactly("1");
      assertThat(seen).containsExactly(basic("pacer:old"));
      Files.writeString(file, "new\n");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                result(client.tags(client.base(""), "acme/web"));
                return seen.get(seen.size() - 1).equals(basic("pacer:new"));
              });
    } finally {
      client.close();
    }
  }
}

package dev.pacer.common.marathon;

import static dev.pacer.testkit.Await.failure;
import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.Contracts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each {@code error_*.json} contract, served byte for byte with its status, maps to its failure
 * type.
 */
class VerbatimErrorContractsTest {
  private static final Map<String, Integer> FILES =
      Map.of(
          "error_400_invalid_json.json",
          400,
          "error_401_unauthenticated.json",
          401,
          "error_403_unauthorized.json",
          403,
          "error_404_app_not_found.json",
          404,
          "error_404_deployment_not_found.json",
          404,
          "error_409_app_exists.json",
          409,
          "error_409_app_locked.json",
          409,
          "error_422_validation.json",
          422);
  private static Vertx vertx;
  private static HttpServer server;
  private static WebClientMarathonClient client;

  @BeforeAll
  static void serve() {
    vertx = Vertx.vertx();
    server =
        result(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> {
                      String file = req.path().substring(req.path().lastIndexOf('/') + 1);
                      req.response()
                          .setStatusCode(FILES.get(file))
                          .putHeader("Content-Type", "application/json")
                          .end(Contracts.text("marathon/" + file));
                    })
                .listen(0, "127.0.0.1"));
    client =
        new WebClientMarathonClient(
            vertx, TestSettings.urls("http://127.0.0.1:" + server.actualPort()));
  }

  @AfterAll
  static void close() {
    client.close();
    result(vertx.close());
  }

  private static Throwable failureFor(String file) {
    return failure(client.getApp("/" + file));
  }

  @Test
  void mapsEachErrorFileToItsType() {
    assertThat(failureFor("error_400_invalid_json.json"))
        .isInstanceOfSatisfying(
            MarathonException.Invalid.class,
            e -> assertThat(e.details()).containsExactly("/id: [\"error.expected.jsstring\"]"));
    assertThat(failureFor("error_422_validation.json"))
        .isInstanceOf(MarathonException.Invalid.class)
        .hasMessageContaining("Object is not valid")
        .hasMessageContaining("minimumHealthCapacity");
    assertThat(failureFor("error_401_unauthenticated.json"))
        .isInstanceOf(MarathonException.Rejected.class)
        .hasMessageContaining("Invalid username or password.");
    assertThat(failureFor("error_403_unauthorized.json"))
        .isInstanceOf(MarathonException.Rejected.class)
        .hasMessageContaining("Not Authorized");
    assertThat(failureFor("error_404_app_not_found.json"))
        .isInstanceOf(MarathonException.NotFound.class)
        .hasMessageContaining("does not exist");
    assertThat(failureFor("error_404_deployment_not_found.json"))
        .isInstanceOf(MarathonException.NotFound.class);
    assertThat(failureFor("error_409_app_exists.json"))
        .isInstanceOf(MarathonException.Rejected.class)
        .hasMessageContaining("already exists");
    assertThat(failureFor("error_409_app_locked.json"))
        .isInstanceOfSatisfying(
            MarathonException.AppLocked.class,
            e ->
                assertThat(e.deploymentIds())
                    .containsExactly("97c136bf-5a28-4821-9d94-480d9fbb01c8"));
  }
}

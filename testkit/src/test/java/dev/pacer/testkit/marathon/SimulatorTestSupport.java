package dev.pacer.testkit.marathon;

import static dev.pacer.testkit.Await.result;

import dev.pacer.testkit.ManualClock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A simulator on a clock the test moves, and raw HTTP to it. */
abstract class SimulatorTestSupport {
  final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
  Vertx vertx;
  MarathonSimulator sim;
  WebClient http;

  @BeforeEach
  void startSimulator() {
    vertx = Vertx.vertx();
    sim = result(MarathonSimulator.start(vertx, clock, Duration.ofMillis(50), 0));
    http = WebClient.create(vertx);
  }

  @AfterEach
  void stopSimulator() {
    result(vertx.close());
  }

  HttpResponse<Buffer> send(HttpMethod m, String path, JsonObject body) {
    var req = http.request(m, sim.port(), "127.0.0.1", path);
    return result(body == null ? req.send() : req.sendJsonObject(body));
  }

  /**
   * Seeds {@code /acme/web} at {@code acme/web:1} and starts a deployment of it that lasts 5
   * minutes (it holds the app's lock): scaling it to {@code instances}; returns its id.
   */
  String webDeploying(int instances) {
    sim.seedApp(app("/acme/web", "acme/web:1"));
    sim.deploymentDuration(Duration.ofMinutes(5));
    return send(HttpMethod.PUT, "/v2/apps/acme/web", new JsonObject().put("instances", instances))
        .bodyAsJsonObject()
        .getString("deploymentId");
  }

  static JsonObject app(String id, String image) {
    return new JsonObject()
        .put("id", id)
        .put("instances", 2)
        .put("labels", new JsonObject().put("a", "1").put("b", "2"))
        .put(
            "container",
            new JsonObject()
                .put("type", "DOCKER")
                .put("docker", new JsonObject().put("image", image)));
  }
}

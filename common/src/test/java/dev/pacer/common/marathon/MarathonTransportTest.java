package dev.pacer.common.marathon;

import static dev.pacer.testkit.Await.failure;
import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.marathon.MarathonSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TLS with a custom CA, and request timeouts. */
class MarathonTransportTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    result(vertx.close());
  }

  @Test
  void trustsAMarathonSignedByTheConfiguredCaAndNoOtherwise() {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    int port =
        result(
                vertx
                    .createHttpServer(
                        new HttpServerOptions()
                            .setSsl(true)
                            .setKeyCertOptions(cert.keyCertOptions()))
                    .requestHandler(
                        req ->
                            req.response()
                                .putHeader("Content-Type", "application/json")
                                .end("{\"leader\":\"localhost:8443\"}"))
                    .listen(0, "127.0.0.1"))
            .actualPort();
    String url = "https://localhost:" + port;
    // a first TLS handshake on a busy 2-core machine can take seconds: trust is tested, not speed
    WebClientMarathonClient trusting =
        new WebClientMarathonClient(
            vertx,
            TestSettings.full(
                "", "", "", Path.of(cert.certificatePath()), Duration.ofSeconds(20), url));
    WebClientMarathonClient jvmTrust =
        new WebClientMarathonClient(
            vertx, TestSettings.full("", "", "", null, Duration.ofSeconds(2), url));
    try {
      assertThat(result(trusting.ping())).isNull();
      assertThat(failure(jvmTrust.ping())).isInstanceOf(MarathonException.Unavailable.class);
    } finally {
      trusting.close();
      jvmTrust.close();
    }
  }

  @Test
  void aSlowMarathonTimesOutAsUnavailable() {
    MarathonSimulator sim = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    sim.latency(Duration.ofSeconds(3));
    WebClientMarathonClient client =
        new WebClientMarathonClient(
            vertx, TestSettings.full("", "", "", null, Duration.ofMillis(200), sim.url()));
    try {
      long start = System.nanoTime();
      assertThat(failure(client.getApp("/x"))).isInstanceOf(MarathonException.Unavailable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("3 tries of 200 ms, not 3 s")
          .isLessThan(Duration.ofMillis(2500));
    } finally {
      client.close();
    }
  }
}

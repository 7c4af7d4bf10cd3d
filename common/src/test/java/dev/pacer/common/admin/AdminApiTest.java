package dev.pacer.common.admin;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.config.Secret;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {
  private final Vertx vertx = Vertx.vertx();
  private final WebClient http = WebClient.create(vertx);
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean marathonUp = new AtomicBoolean(true);
  private int port;

  @AfterEach
  void close() {
    result(vertx.close());
  }

  private AdminApi serve(Secret token) {
    AdminApi admin =
        new AdminApi(
            metrics, token, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    Router router = Router.router(vertx);
    admin.mount(router);
    AdminApi.readBody(router, "/registry/*", 1024, "pacer.autodeployer.max-body-size", ctx -> {});
    router.post("/registry/events").handler(ctx -> ctx.response().end("took it"));
    // as Vert.x fails a request whose client hung up
    router
        .get("/hung-up")
        .handler(
            ctx -> ctx.fail(new io.vertx.core.http.HttpClosedException("Connection was closed")));
    router
        .get("/boom")
        .handler(
            ctx -> {
              throw new IllegalStateException("a bug");
            });
    router
        .post("/admin/echo")
        .handler(admin.requireAdminToken())
        .handler(ctx -> ctx.response().end("done"));
    admin.readinessCheck(
        "marathon",
        () -> marathonUp.get() ? Future.succeededFuture() : Future.failedFuture("refused"));
    admin.readinessCheck("events", Future::succeededFuture);
    admin.statusPart("autoscaler", () -> Map.of("paused", false));
    port =
        result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();
    return admin;
  }

  private HttpResponse<Buffer> call(HttpMethod m, String path, String auth) {
    var req = http.request(m, port, "127.0.0.1", path);
    if (auth != null) {
      req.putHeader("Authorization", auth);
    }
    return result(req.send());
  }

  @Test
  void healthIsUpWhileTheProcessRuns() {
    serve(Secret.empty());
    HttpResponse<Buffer> r = call(HttpMethod.GET, "/health", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void readyNamesTheCheckThatFails() {
    AdminApi admin = serve(Secret.empty());
    java.util.concurrent.atomic.AtomicInteger firstReady =
        new java.util.concurrent.atomic.AtomicInteger();
    admin.onFirstReady(firstReady::incrementAndGet);
    marathonUp.set(false);
    assertThat(call(HttpMethod.GET, "/ready", null).statusCode()).isEqualTo(503);
    assertThat(firstReady.get()).as("not ready yet: nothing said").isZero();
    marathonUp.set(true);
    assertThat(call(HttpMethod.GET, "/ready", null).statusCode()).isEqualTo(200);
    assertThat(call(HttpMethod.GET, "/ready", null).statusCode()).isEqualTo(200);
    assertThat(firstReady.get()).as("said once, at the first 200").isEqualTo(1);
    assertThat(admin.wasReady()).isTrue();
    marathonUp.set(false);
    HttpResponse<Buffer> r = call(HttpMethod.GET, "/ready", null);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getJsonArray("failing").getList()).containsExactly("marathon");
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("marathon: refused");
    JsonObject checks = r.bodyAsJsonObject().getJsonObject("checks");
    assertThat(checks.getJsonObject("marathon").getString("status")).isEqualTo("DOWN");
    assertThat(checks.getJsonObject("marathon").getString("error")).isEqualTo("refused");
    assertThat(checks.getJsonObject("events").getString("status")).isEqualTo("UP");
  }

  @Test
  void metricsArePrometheusText() {
    serve(Secret.empty());
    metrics.counter("pacer_test_total").increment(3);
    HttpResponse<Buffer> r = call(HttpMethod.GET, "/metrics", null);
    assertThat(r.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(r.bodyAsString())
        .contains("# TYPE pacer_test_total counter")
        .contains("pacer_test_total 3.0");
  }

  @Test
  void statusHasEachDaemonsPart() {
    AdminApi admin = serve(Secret.empty());
    JsonObject s = call(HttpMethod.GET, "/status", null).bodyAsJsonObject();
    assertThat(s.getJsonObject("autoscaler").getBoolean("paused")).isFalse();
    assertThat(s.getString("time")).isEqualTo("2026-11-22T10:00:00Z");
    admin.removeStatusPart("autoscaler");
    assertThat(call(HttpMethod.GET, "/status", null).bodyAsJsonObject().containsKey("autoscaler"))
        .isFalse();
  }

  @Test
  void mutatingEndpointsNeedTheAdminBearerToken() {
    serve(Secret.of("s3cret"));
    assertThat(call(HttpMethod.POST, "/admin/echo", null).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> wrong = call(HttpMethod.POST, "/admin/echo", "Bearer nope");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsJsonObject().getString("error")).isEqualTo("wrong admin token");
    assertThat(wrong.bodyAsString()).doesNotContain("s3cret");
    HttpResponse<Buffer> ok = call(HttpMethod.POST, "/admin/echo", "Bearer s3cret");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsString()).isEqualTo("done");
  }

  @Test
  void withoutATokenConfiguredMutatingEndpointsAreForbidden() {
    serve(Secret.empty());
    HttpResponse<Buffer> r = call(HttpMethod.POST, "/admin/echo", "Bearer anything");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsJsonObject().getString("error")).contains("pacer.admin.token");
  }

  @Test
  void aClientThatHangsUpAfterItsOversizedBodyWasRefusedIsNoError() throws Exception {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT");
    ch.qos.logback.classic.Level level = root.getLevel();
    root.setLevel(ch.qos.logback.classic.Level.DEBUG);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      serve(Secret.empty());
      for (int i = 0; i < 6; i++) {
        // a sender that hangs up mid-body: before any answer (a partial body under the limit),
        // or after its 413 (a body over the limit)
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
          s.setSoLinger(true, 0); // a reset, as a client killed or timing out does
          var out = s.getOutputStream();
          out.write(
              ("POST /registry/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 4000000\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          out.write(new byte[i % 2 == 0 ? 500 : 300_000]);
          out.flush();
          if (i % 2 == 1) {
            // wait for the 413 before hanging up
            byte[] head = s.getInputStream().readNBytes(12);
            assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("HTTP/1.1 413");
          }
        } catch (java.io.IOException closedByServer) {
          // the server may close first: that is a hang-up too
        }
      }
      // nothing is answered to a client that went away: its connection is closed
      dev.pacer.testkit.Await.failure(http.get(port, "127.0.0.1", "/hung-up").send());
      try {
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(10))
            .until(
                () ->
                    logs.list.stream()
                        .anyMatch(e -> e.getFormattedMessage().contains("went away")));
      } catch (org.awaitility.core.ConditionTimeoutException timeout) {
        throw new AssertionError("no hang-up seen; logged: " + describe(logs.list), timeout);
      }
      assertThat(logs.list)
          .noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
    }
  }

  static java.util.List<String> describe(
      java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> events) {
    return events.stream()
        .map(
            x ->
                x.getLevel()
                    + " "
                    + x.getLoggerName()
                    + " "
                    + x.getFormattedMessage()
                    + (x.getThrowableProxy() == null
                        ? ""
                        : " " + x.getThrowableProxy().getClassName()))
        .toList();
  }

  @Test
  void unknownRoutesWrongMethodsAndUncaughtFailuresAreAnsweredWithJson() {
    AdminApi admin = serve(Secret.empty());
    admin.notFoundHint(() -> " on this Pacer (it runs autodeployer)");
    HttpResponse<Buffer> missing = call(HttpMethod.POST, "/agents/drain", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("Content-Type")).startsWith("application/json");
    assertThat(missing.bodyAsJsonObject().getString("error"))
        .isEqualTo("no endpoint POST /agents/drain on this Pacer (it runs autodeployer)");
    HttpResponse<Buffer> method = call(HttpMethod.DELETE, "/status", null);
    assertThat(method.statusCode()).isEqualTo(405);
    assertThat(method.bodyAsJsonObject().getString("error"))
        .isEqualTo("method not allowed: DELETE /status");
    HttpResponse<Buffer> boom = call(HttpMethod.GET, "/boom", null);
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.bodyAsJsonObject().getString("error"))
        .isEqualTo("internal error in GET /boom: a bug");
    // and the server goes on serving
    assertThat(call(HttpMethod.GET, "/health", null).statusCode()).isEqualTo(200);
  }
}

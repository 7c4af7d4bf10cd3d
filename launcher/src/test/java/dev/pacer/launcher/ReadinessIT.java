package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testkit.servers.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code /ready} covers what the enabled daemons need: with the autoscaler on, Graphite. "Pacer
 * ready" is logged when {@code /ready} first passes, not when the HTTP server is up.
 */
class ReadinessIT {
  Vertx vertx;
  MarathonSimulator marathon;
  PacerProcess pacer;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final Logger processLog = (Logger) LoggerFactory.getLogger(PacerProcess.class);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    log.start();
    processLog.addAppender(log);
  }

  @AfterEach
  void stop() {
    processLog.detachAppender(log);
    if (pacer != null) {
      result(pacer.stop());
    }
    result(vertx.close());
  }

  void startAutoscaler(String graphiteUrl) {
    Map<String, String> o = new HashMap<>(Daemons.only("autoscaler"));
    o.put("pacer.marathon.urls", "[\"" + marathon.url() + "\"]");
    o.put("pacer.http.host", "127.0.0.1");
    o.put("pacer.http.port", "0");
    o.put("pacer.autoscaler.graphite.url", graphiteUrl);
    pacer =
        PacerProcess.prepare(
            ConfigLoader.load(Optional.empty(), o), Daemons.ALL, Clock.systemUTC());
    result(pacer.start());
  }

  record Ready(int status, JsonObject body) {}

  Ready ready() {
    var r = result(WebClient.create(vertx).get(pacer.httpPort(), "127.0.0.1", "/ready").send());
    return new Ready(r.statusCode(), r.bodyAsJsonObject());
  }

  List<String> messages() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void graphiteDownWithTheAutoscalerOnIsNotReadyNamingGraphiteAndNothingSaysReady() {
    int dead = Ports.free();
    startAutoscaler("http://127.0.0.1:" + dead);
    Ready r = ready();
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body().getJsonArray("failing").getList()).containsExactly("graphite");
    assertThat(r.body().getString("error")).isEqualTo("graphite: connection refused");
    assertThat(r.body().getJsonObject("checks").getJsonObject("marathon").getString("status"))
        .isEqualTo("UP");
    assertThat(messages())
        .anyMatch(m -> m.startsWith("Pacer started: http://127.0.0.1:" + pacer.httpPort()))
        .anyMatch(m -> m.contains("once marathon, events, graphite are reachable"))
        .noneMatch(m -> m.startsWith("Pacer ready"));
  }

  @Test
  void pacerReadyIsLoggedOnceWhenGraphiteIsReachableAndReadyFailsWhenItGoes() {
    Graphite graphite = Graphite.start();
    try {
      startAutoscaler(graphite.url());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> messages().stream().anyMatch(m -> m.startsWith("Pacer ready")));
      assertThat(ready().status()).isEqualTo(200);
      assertThat(messages().stream().filter(m -> m.startsWith("Pacer ready"))).hasSize(1);
      int started =
          messages()
              .indexOf(
                  messages().stream()
                      .filter(m -> m.startsWith("Pacer started"))
                      .findFirst()
                      .orElseThrow());
      int readyAt =
          messages()
              .indexOf(
                  messages().stream()
                      .filter(m -> m.startsWith("Pacer ready"))
                      .findFirst()
                      .orElseThrow());
      assertThat(readyAt).isGreaterThan(started);
    } finally {
      graphite.close();
    }
    Ready r = ready();
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body().getJsonArray("failing").getList()).containsExactly("graphite");
    assertThat(messages().stream().filter(m -> m.startsWith("Pacer ready"))).hasSize(1);
  }
}

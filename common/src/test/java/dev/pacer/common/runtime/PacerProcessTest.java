package dev.pacer.common.runtime;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import dev.pacer.common.config.ConfigInvalidException;
import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.testkit.marathon.MarathonSimulator;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole process on the local backbone against the simulator: start order, events, /ready, stop.
 */
class PacerProcessTest {
  private Vertx simVertx;
  private MarathonSimulator sim;
  private PacerProcess process;
  private final List<PacerEvent> seen = new CopyOnWriteArrayList<>();

  /** A daemon that subscribes to pacer.marathon, as real daemons will. */
  static class Listener implements DaemonModule<Boolean> {
    private final List<PacerEvent> sink;

    Listener(List<PacerEvent> sink) {
      this.sink = sink;
    }

    @Override
    public String name() {
      return "listener";
    }

    @Override
    public Boolean readConfig(ConfigReader reader) {
      return true;
    }

    @Override
    public boolean enabled(Boolean config) {
      return config;
    }

    @Override
    public java.util.Set<String> marathonEventTypes(Boolean config) {
      return java.util.Set.of("deployment_success");
    }

    @Override
    public Deployable create(PacerRuntime runtime, Boolean config) {
      return new DaemonVerticle("listener", runtime) {
        @Override
        protected Future<?> startDaemon() {
          return runtime
              .backbone()
              .subscribe(
                  Topics.MARATHON,
                  "listener",
                  e -> {
                    sink.add(e);
                    return Future.succeededFuture();
                  });
        }
      };
    }
  }

  @BeforeEach
  void start() {
    simVertx = Vertx.vertx();
    sim = result(MarathonSimulator.start(simVertx, Clock.systemUTC()));
    sim.seedApp(new JsonObject().put("id", "/acme/web").put("instances", 1));
  }

  @AfterEach
  void stop() {
    if (process != null) {
      result(process.stop());
    }
    result(simVertx.close());
  }

  private Config config(Map<String, String> extra) {
    Map<String, String> o =
        new java.util.HashMap<>(
            Map.of(
                "pacer.marathon.urls",
                "[\"" + sim.url() + "\"]",
                "pacer.http.port",
                "0",
                "pacer.http.host",
                "127.0.0.1"));
    o.putAll(extra);
    return ConfigLoader.load(Optional.empty(), o);
  }

  @Test
  void relaysMarathonEventsToDaemonsAndAnswersReady() {
    process =
        PacerProcess.prepare(config(Map.of()), List.of(new Listener(seen)), Clock.systemUTC());
    result(process.start());
    await()
        .until(
            () -> seen.stream().anyMatch(e -> e.type().equals("pacer.marathon.stream_attached")));
    result(process.runtime().marathon().scale("/acme/web", 2, false));
    await()
        .untilAsserted(
            () ->
                assertThat(seen)
                    .anySatisfy(
                        e -> {
                          assertThat(e.type()).isEqualTo("pacer.marathon.deployment_success");
                          assertThat(e.subject()).isEqualTo("/acme/web");
                          assertThat(e.source()).isEqualTo("pacer");
                        }));
    // The scale also made api_post_event, deployment_info, status_update_event...: the stream
    // asked Marathon only for what the enabled daemons read.
    assertThat(seen)
        .extracting(PacerEvent::type)
        .containsOnly("pacer.marathon.stream_attached", "pacer.marathon.deployment_success");
    assertThat(sim.requests("GET", "/v2/events"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.query()).isEqualTo("event_type=deployment_success"));
    WebClient http = WebClient.create(simVertx);
    var ready = result(http.get(process.httpPort(), "127.0.0.1", "/ready").send());
    assertThat(ready.statusCode()).isEqualTo(200);
    var status =
        result(http.get(process.httpPort(), "127.0.0.1", "/status").send()).bodyAsJsonObject();
    assertThat(status.getJsonObject("listener").getString("state")).isEqualTo("running");
    assertThat(status.getJsonObject("marathon-events").getBoolean("connected")).isTrue();

    result(sim.close());
    var notReady = result(http.get(process.httpPort(), "127.0.0.1", "/ready").send());
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(
            notReady
                .bodyAsJsonObject()
                .getJsonObject("checks")
                .getJsonObject("marathon")
                .getString("status"))
        .isEqualTo("DOWN");
  }

  @Test
  void stopClosesTheHttpPortAndLetsGoOfMarathonsEventStream() {
    process =
        PacerProcess.prepare(config(Map.of()), List.of(new Listener(seen)), Clock.systemUTC());
    result(process.start());
    int port = process.httpPort();
    await().until(() -> sim.openEventStreams() == 1);
    assertThat(dev.pacer.testkit.servers.Ports.listening(port)).isTrue();
    result(process.stop());
    assertThat(dev.pacer.testkit.servers.Ports.listening(port)).isFalse();
    await().until(() -> sim.openEventStreams() == 0);
  }

  @Test
  void aDaemonsConfigProblemIsReportedWithTheSharedOnes() {
    DaemonModule<Boolean> picky =
        new Listener(seen) {
          @Override
          public Boolean readConfig(ConfigReader reader) {
            reader.problem("pacer.listener.threshold", "expected a number from 0 to 1, got 7");
            return true;
          }
        };
    assertThatThrownBy(
            () ->
                PacerProcess.prepare(
                    config(Map.of("pacer.http.port", "-1")), List.of(picky), Clock.systemUTC()))
        .isInstanceOfSatisfying(
            ConfigInvalidException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.path())
                    .containsExactlyInAnyOrder("pacer.http.port", "pacer.listener.threshold"));
  }
}

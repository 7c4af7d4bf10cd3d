package dev.pacer.autodeployer.ingest;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.AutodeployerMain;
import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.marathon.MarathonSimulator;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** 10,000 random bodies at the three webhooks: never a 5xx, and the daemon keeps serving. */
class WebhookFuzzTest {
  private static Vertx vertx;
  private static PacerProcess pacer;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeContainer
  static void start() {
    vertx = Vertx.vertx();
    MarathonSimulator sim = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    pacer =
        PacerProcess.prepare(
            ConfigLoader.load(
                Optional.empty(),
                Map.of(
                    "pacer.marathon.urls",
                    "[\"" + sim.url() + "\"]",
                    "pacer.http.host",
                    "127.0.0.1",
                    "pacer.http.port",
                    "0",
                    "pacer.autodeployer.webhook-token",
                    "t",
                    "pacer.autodeployer.manifest-check",
                    "false")),
            List.of(new AutodeployerMain()),
            Clock.systemUTC());
    result(pacer.start());
  }

  @AfterContainer
  static void stop() {
    result(pacer.stop());
    result(vertx.close());
  }

  @Property(tries = 10_000)
  void noBodyGetsA5xx(@ForAll("bodies") String body, @ForAll("endpoints") String endpoint)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pacer.httpPort() + endpoint))
                .header("Authorization", "Bearer t")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s with %s", endpoint, body).isIn(200, 400);
  }

  @Provide
  Arbitrary<String> endpoints() {
    return Arbitraries.of("/registry/events", "/registry/dockerhub", "/registry/harbor");
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .ofMaxLength(20)
                .map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.of("null", "true", "[]", "{}", "1e9999", "-0.5"));
    Arbitrary<String> event =
        Combinators.combine(scalar, scalar, scalar, scalar, scalar, scalar)
            .as(
                (id, action, mediaType, tag, repo, ts) ->
                    "{\"id\":"
                        + id
                        + ",\"action\":"
                        + action
                        + ",\"timestamp\":"
                        + ts
                        + ",\"target\":{\"mediaType\":"
                        + mediaType
                        + ",\"tag\":"
                        + tag
                        + ",\"repository\":"
                        + repo
                        + "}}");
    Arbitrary<String> envelope =
        event.list().ofMaxSize(3).map(l -> "{\"events\":[" + String.join(",", l) + "]}");
    Arbitrary<String> hub =
        Combinators.combine(scalar, scalar, scalar)
            .as(
                (tag, at, repo) ->
                    "{\"push_data\":{\"tag\":"
                        + tag
                        + ",\"pushed_at\":"
                        + at
                        + "},\"repository\":{\"repo_name\":"
                        + repo
                        + "}}");
    Arbitrary<String> harbor =
        Combinators.combine(scalar, scalar, scalar)
            .as(
                (type, at, res) ->
                    "{\"type\":"
                        + type
                        + ",\"occur_at\":"
                        + at
                        + ",\"event_data\":{\"resources\":["
                        + res
                        + "],\"repository\":{\"repo_full_name\":\"a/b\"}}}");
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), envelope, hub, harbor, scalar);
  }
}

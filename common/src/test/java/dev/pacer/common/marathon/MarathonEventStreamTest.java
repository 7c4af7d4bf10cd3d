package dev.pacer.common.marathon;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarathonEventStreamTest {
  private Vertx vertx;
  private MarathonSimulator leader;
  private final List<MarathonEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger resyncs = new AtomicInteger();
  private MarathonEventStream stream;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    leader = result(MarathonSimulator.start(vertx, Clock.systemUTC(), Duration.ofMillis(100), 0));
  }

  @AfterEach
  void stop() {
    if (stream != null) {
      result(Future.<Void>future(p -> vertx.runOnContext(v -> stream.stop().onComplete(p))));
    }
    result(vertx.close());
  }

  private void follow(List<String> types, String... urls) {
    stream =
        new MarathonEventStream(
            vertx,
            TestSettings.urls(urls),
            types,
            e -> {
              events.add(e);
              return Future.succeededFuture();
            },
            () -> {
              resyncs.incrementAndGet();
              return Future.succeededFuture();
            });
    vertx.runOnContext(v -> stream.start());
  }

  private List<String> types() {
    return events.stream().map(MarathonEvent::eventType).toList();
  }

  @Test
  void attachesWithExactlyTheEventStreamAcceptHeaderAndRelaysEvents() {
    follow(List.of(), leader.url());
    await().until(() -> resyncs.get() == 1 && types().contains("event_stream_attached"));
    leader.emit(
        "status_update_event",
        new JsonObject()
            .put("appId", "/acme/web")
            .put("taskStatus", "TASK_RUNNING")
            .put("eventType", "status_update_event"));
    await()
        .untilAsserted(
            () ->
                assertThat(events)
                    .anySatisfy(
                        e -> {
                          assertThat(e.eventType()).isEqualTo("status_update_event");
                          assertThat(e.appIds()).containsExactly("/acme/web");
                        }));
    RecordedRequest req = leader.requests("GET", "/v2/events").get(0);
    assertThat(req.header("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  void itsFirstAttemptEndsAfterTheAttachWasCountedOrWhenItFailed() {
    follow(List.of(), leader.url());
    result(stream.firstAttempt());
    assertThat(resyncs.get()).as("the attach hook ran before the first attempt ended").isEqualTo(1);
    assertThat(stream.connected()).isTrue();
    result(Future.<Void>future(p -> vertx.runOnContext(v -> stream.stop().onComplete(p))));

    // nothing listens on a closed simulator's port: the first attempt ends, unattached
    String gone = leader.url();
    result(leader.close());
    follow(List.of(), gone);
    result(stream.firstAttempt());
    assertThat(stream.connected()).isFalse();
    assertThat(stream.lastError()).contains("cannot reach");
    assertThat(resyncs.get()).isEqualTo(1);
  }

  @Test
  void reconnectsAfterTheStreamIsDroppedAndCallsTheResyncHookAgain() {
    follow(List.of(), leader.url());
    await().until(() -> stream.connects() == 1 && leader.openEventStreams() == 1);
    leader.dropEventStreams();
    await()
        .untilAsserted(
            () -> {
              assertThat(stream.connects()).isEqualTo(2);
              assertThat(resyncs.get()).isEqualTo(2);
              assertThat(leader.openEventStreams()).isEqualTo(1);
            });
    leader.emit(
        "deployment_success",
        new JsonObject().put("id", "d1").put("eventType", "deployment_success"));
    await().until(() -> types().contains("deployment_success"));
  }

  @Test
  void followsAStandbysRedirectToTheLeader() {
    MarathonSimulator standby =
        result(MarathonSimulator.start(vertx, Clock.systemUTC(), Duration.ofMillis(100), 0));
    standby.standbyOf(leader.url());
    follow(List.of("deployment_info"), standby.url());
    await().until(() -> leader.openEventStreams() == 1 && stream.connected());
    assertThat(standby.openEventStreams()).isZero();
    assertThat(standby.requests("GET", "/v2/events")).hasSize(1);
    assertThat(leader.requests("GET", "/v2/events").get(0).query())
        .isEqualTo("event_type=deployment_info");
    leader.emit("deployment_info", new JsonObject().put("eventType", "deployment_info"));
    await().until(() -> types().contains("deployment_info"));
  }

  @Test
  void aSilentStreamIsTreatedAsDeadAfterTheIdleTimeout() {
    follow(List.of(), leader.url());
    await().until(() -> stream.connects() == 1);
    leader.silenceEventStreams(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> stream.connects() >= 2);
    assertThat(resyncs.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void filtersByEventTypeOnTheServer() {
    follow(List.of("deployment_success"), leader.url());
    await().until(() -> stream.connected());
    leader.emit("status_update_event", new JsonObject().put("eventType", "status_update_event"));
    leader.emit("deployment_success", new JsonObject().put("eventType", "deployment_success"));
    await().until(() -> types().contains("deployment_success"));
    assertThat(types()).doesNotContain("status_update_event");
  }

  @Test
  void keepsRetryingWhileMarathonIsDownAndAttachesWhenItIsBack() {
    MarathonSimulator flaky =
        result(MarathonSimulator.start(vertx, Clock.systemUTC(), Duration.ofMillis(100), 0));
    int port = flaky.port();
    result(flaky.close());
    follow(List.of(), "http://127.0.0.1:" + port);
    await().until(() -> stream.lastError() != null);
    assertThat(stream.connected()).isFalse();
    assertThat(stream.lastError()).startsWith("cannot reach http://127.0.0.1:" + port);
    assertThat(stream.lastErrorAt()).isNotNull();
    MarathonSimulator back =
        result(MarathonSimulator.start(vertx, Clock.systemUTC(), Duration.ofMillis(100), port));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> stream.connected() && back.openEventStreams() == 1);
    assertThat(resyncs.get()).isEqualTo(1);
    // the last error stays to be read after the stream is back (for /status)
    assertThat(stream.lastError()).startsWith("cannot reach http://127.0.0.1:" + port);
  }
}

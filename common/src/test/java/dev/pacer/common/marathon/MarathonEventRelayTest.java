package dev.pacer.common.marathon;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.LocalEventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.StreamAttached;
import dev.pacer.common.retry.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MarathonEventRelayTest {
  private final Vertx vertx = Vertx.vertx();
  private final LocalEventBackbone backbone =
      new LocalEventBackbone(
          vertx, 100, 4, new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)));
  private final StreamAttaches attaches = new StreamAttaches();
  private final List<PacerEvent> relayed = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    result(vertx.close());
  }

  private void follow() {
    result(
        backbone.subscribe(
            Topics.MARATHON,
            "spy",
            e -> {
              relayed.add(e);
              return Future.succeededFuture();
            }));
  }

  @Test
  void anAttachIsCountedAtOnceButNothingIsPublishedBeforeTheRelayOpensThenAllInOrder() {
    follow();
    Promise<Void> open = Promise.promise();
    MarathonEventRelay relay =
        new MarathonEventRelay(backbone, "test", Clock.systemUTC(), attaches, open.future());
    Future<Void> attached = relay.streamAttached();
    Future<Void> event =
        relay.relay(
            new MarathonEvent(
                "api_post_event", List.of("/acme/web"), Map.of("eventType", "api_post_event")));
    assertThat(attaches.current()).as("counted when the stream attached").isEqualTo(1);
    assertThat(attached.isComplete()).isFalse();
    assertThat(event.isComplete()).isFalse();
    assertThat(backbone.deliveredCount()).isZero();

    open.complete();
    result(attached);
    result(event);
    await().until(() -> relayed.size() == 2);
    assertThat(relayed)
        .extracting(PacerEvent::type)
        .containsExactly(EventTypes.STREAM_ATTACHED, "pacer.marathon.api_post_event");
    StreamAttached data = EventTypes.read(relayed.get(0), StreamAttached.class);
    assertThat(data.relay()).isEqualTo(attaches.relay());
    assertThat(data.attach()).isEqualTo(1);
  }

  @Test
  void aReadBegunAfterAnAttachOfThisProcessCoversItAndNothingElseDoes() {
    relayOpen().streamAttached(); // attach 1
    long readFrom = attaches.current();
    StreamAttached first = new StreamAttached(attaches.relay(), 1);
    StreamAttached second = new StreamAttached(attaches.relay(), 2);
    assertThat(attaches.covers(readFrom, first)).isTrue();
    assertThat(attaches.covers(readFrom, second)).as("an attach after the read began").isFalse();
    assertThat(attaches.covers(0, first)).as("a read begun before any attach").isFalse();
    assertThat(attaches.covers(readFrom, new StreamAttached("another-process", 1)))
        .as("another replica's relay")
        .isFalse();
    assertThat(attaches.covers(readFrom, new StreamAttached(null, 0)))
        .as("an older Pacer's event, which says neither")
        .isFalse();
  }

  private MarathonEventRelay relayOpen() {
    return new MarathonEventRelay(
        backbone, "test", Clock.systemUTC(), attaches, Future.succeededFuture());
  }
}

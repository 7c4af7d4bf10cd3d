package dev.pacer.common.events;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.types.EventData;
import dev.pacer.common.events.types.EventSamples;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.retry.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of the typed events: every type, published on either backbone (the local one, and a
 * real Kafka broker), reaches a consumer as the very record its producer wrote. A consumer that
 * reads an event on one backbone reads it on the other.
 */
class EventContractIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private Vertx vertx;
  private EventBackbone backbone;

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (backbone != null) {
      result(backbone.close(), WAIT);
    }
    result(vertx.close());
  }

  private final Map<String, Function<Vertx, EventBackbone>> backbones =
      Map.of(
          "local",
          v -> new LocalEventBackbone(v, 1_000, 8, new Backoff(Duration.ofMillis(20), WAIT)),
          "kafka",
          v ->
              new KafkaEventBackbone(
                  v,
                  KafkaEventBackboneIT.settings(),
                  8,
                  new Backoff(Duration.ofMillis(20), Duration.ofMillis(200))));

  @ParameterizedTest
  @ValueSource(strings = {"local", "kafka"})
  void everyEventTypeReachesItsConsumerAsItsProducerWroteIt(String which) {
    backbone = backbones.get(which).apply(vertx);
    result(backbone.start(), WAIT);
    List<EventData> samples = new ArrayList<>(EventSamples.full());
    samples.addAll(EventSamples.sparse());
    Map<String, EventData> sent = new LinkedHashMap<>();
    Map<String, EventData> received = new java.util.concurrent.ConcurrentHashMap<>();
    Map<String, String> failures = new java.util.concurrent.ConcurrentHashMap<>();
    result(
        backbone.subscribe(
            Topics.ACTIONS,
            "contract-" + UUID.randomUUID(),
            e -> {
              if (sent.containsKey(e.id())) {
                try {
                  received.put(e.id(), EventTypes.read(e));
                } catch (RuntimeException ex) {
                  failures.put(e.type(), ex.toString());
                }
              }
              return Future.succeededFuture();
            }),
        WAIT);
    Instant at = Instant.parse("2026-12-03T10:15:30Z");
    List<Future<Void>> published = new ArrayList<>();
    for (EventData d : samples) {
      PacerEvent e = EventTypes.event("contract", "/shop/web", at, d);
      sent.put(e.id(), d);
      published.add(backbone.publish(Topics.ACTIONS, "/shop/web", e));
    }
    result(Future.all(published), WAIT);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(received.size() + failures.size()).isEqualTo(sent.size()));
    assertThat(failures).as("events that did not decode").isEmpty();
    sent.forEach((id, d) -> assertThat(received.get(id)).as(d.type()).isEqualTo(d));
    assertThat(received.values().stream().map(EventData::type).distinct())
        .containsAll(EventTypes.known());
  }
}

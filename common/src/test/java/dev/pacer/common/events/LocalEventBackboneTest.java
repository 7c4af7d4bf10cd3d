package dev.pacer.common.events;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.retry.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalEventBackboneTest {
  private final Vertx vertx = Vertx.vertx();
  private final LocalEventBackbone backbone =
      new LocalEventBackbone(vertx, 3, 2, new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)));

  @AfterEach
  void close() {
    result(vertx.close());
  }

  static PacerEvent event(int n) {
    return new PacerEvent("id-" + n, "test", "pacer.test", "/app", Instant.EPOCH, Map.of("n", n));
  }

  @Test
  void deliversEveryEventInOrderToEachGroup() {
    List<String> a = new CopyOnWriteArrayList<>();
    List<String> b = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "t",
            "a",
            e -> {
              a.add(e.id());
              return Future.succeededFuture();
            }));
    result(
        backbone.subscribe(
            "t",
            "b",
            e -> {
              b.add(e.id());
              return Future.succeededFuture();
            }));
    for (int i = 0; i < 10; i++) {
      result(backbone.publish("t", "k", event(i)));
    }
    List<String> expected =
        java.util.stream.IntStream.range(0, 10).mapToObj(i -> "id-" + i).toList();
    await()
        .untilAsserted(
            () -> {
              assertThat(a).containsExactlyElementsOf(expected);
              assertThat(b).containsExactlyElementsOf(expected);
            });
  }

  /** What Kafka would give: the data back from its JSON, never the producer's own objects. */
  @Test
  void aConsumerGetsTheEventAsItsJsonGivesItBack() {
    List<PacerEvent> seen = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "t",
            "g",
            e -> {
              seen.add(e);
              return Future.succeededFuture();
            }));
    List<String> tags = new java.util.ArrayList<>(List.of("a"));
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("count", 5L);
    data.put("tags", tags);
    result(
        backbone.publish(
            "t", "k", new PacerEvent("id-j", "test", "pacer.test", "/app", Instant.EPOCH, data)));
    await().untilAsserted(() -> assertThat(seen).hasSize(1));
    Map<String, Object> got = seen.get(0).data();
    assertThat(got.get("count")).isEqualTo(5).isInstanceOf(Integer.class);
    assertThat(got.get("tags")).isEqualTo(List.of("a")).isNotSameAs(tags);

    // data that has no JSON form is refused at publish, as Kafka's producer would refuse it
    PacerEvent notJson =
        new PacerEvent(
            "id-x", "test", "pacer.test", "/app", Instant.EPOCH, Map.of("at", Instant.EPOCH));
    assertThat(backbone.publish("t", "k", notJson).toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .withMessageContaining("not JSON");
  }

  @Test
  void aFailedHandlerGetsTheSameEventAgainAndLaterEventsWait() {
    AtomicInteger failuresLeft = new AtomicInteger(2);
    List<String> seen = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "t",
            "g",
            e -> {
              seen.add(e.id());
              if (e.id().equals("id-0") && failuresLeft.getAndDecrement() > 0) {
                return Future.failedFuture("boom");
              }
              return Future.succeededFuture();
            }));
    result(backbone.publish("t", "k", event(0)));
    result(backbone.publish("t", "k", event(1)));
    await().untilAsserted(() -> assertThat(seen).containsExactly("id-0", "id-0", "id-0", "id-1"));
    assertThat(backbone.deliveredCount()).isEqualTo(2);
  }

  @Test
  void aThrowingHandlerIsRedeliveredToo() {
    AtomicInteger calls = new AtomicInteger();
    result(
        backbone.subscribe(
            "t",
            "g",
            e -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("handler bug");
              }
              return Future.succeededFuture();
            }));
    result(backbone.publish("t", "k", event(0)));
    await().untilAsserted(() -> assertThat(backbone.deliveredCount()).isEqualTo(1));
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void aPublisherWaitsWhileTheGroupIsFullAndIsAcceptedWhenItDrains() {
    List<Promise<Void>> pending = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "t",
            "slow",
            e -> {
              Promise<Void> p = Promise.promise();
              pending.add(p);
              return p.future();
            }));
    for (int i = 0; i < 3; i++) {
      result(backbone.publish("t", "k", event(i)));
    }
    Future<Void> fourth = backbone.publish("t", "k", event(3));
    await().until(() -> pending.size() == 1);
    assertThat(fourth.isComplete()).as("capacity 3 is full: the 4th publish must wait").isFalse();
    pending.get(0).complete();
    result(fourth);
    assertThat(fourth.succeeded()).isTrue();
  }

  @Test
  void eventsPublishedBeforeAnyoneSubscribedAreKeptForTheFirstGroup() {
    result(backbone.publish("early", "k", event(1)));
    List<String> seen = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "early",
            "g",
            e -> {
              seen.add(e.id());
              return Future.succeededFuture();
            }));
    await().untilAsserted(() -> assertThat(seen).containsExactly("id-1"));
  }

  @Test
  void aTopicNobodyReadsNeverBlocksItsPublishersAndKeepsItsNewestEvents() {
    for (int i = 0; i < 10; i++) {
      assertThat(backbone.publish("unread", "k", event(i)).succeeded())
          .as("publish %d", i)
          .isTrue();
    }
    List<String> seen = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "unread",
            "late",
            e -> {
              seen.add(e.id());
              return Future.succeededFuture();
            }));
    await().untilAsserted(() -> assertThat(seen).containsExactly("id-7", "id-8", "id-9"));
  }

  @Test
  void aGroupWhoseMemberLeftKeepsItsEventsForTheNextMember() {
    List<String> first = new CopyOnWriteArrayList<>();
    var sub =
        result(
            backbone.subscribe(
                "t",
                "g",
                e -> {
                  first.add(e.id());
                  return Future.succeededFuture();
                }));
    result(backbone.publish("t", "k", event(1)));
    await().until(() -> first.size() == 1);
    result(sub.close());
    result(backbone.publish("t", "k", event(2)));
    List<String> second = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "t",
            "g",
            e -> {
              second.add(e.id());
              return Future.succeededFuture();
            }));
    await().untilAsserted(() -> assertThat(second).containsExactly("id-2"));
    assertThat(first).containsExactly("id-1");
  }

  @Test
  void aKeyWaitingOnItsHandlerHoldsBackOnlyItsOwnLaterEvents() {
    Map<String, Promise<Void>> pending = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> started = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "t",
            "g",
            e -> {
              started.add(e.id());
              if (e.subject().equals("slow")) {
                Promise<Void> p = Promise.promise();
                pending.put(e.id(), p);
                return p.future();
              }
              return Future.succeededFuture();
            }));
    result(backbone.publish("t", "slow", keyed(1, "slow")));
    result(backbone.publish("t", "slow", keyed(2, "slow")));
    result(backbone.publish("t", "fast", keyed(3, "fast")));
    await().untilAsserted(() -> assertThat(started).containsExactlyInAnyOrder("id-1", "id-3"));
    assertThat(started).as("id-2 waits for id-1, its key's earlier event").doesNotContain("id-2");
    pending.get("id-1").complete();
    await().untilAsserted(() -> assertThat(started).contains("id-2"));
    assertThat(started.indexOf("id-2")).isGreaterThan(started.indexOf("id-1"));
  }

  @Test
  void noMoreThanMaxInFlightHandlersRunAtOnce() {
    List<Promise<Void>> pending = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "t",
            "g",
            e -> {
              Promise<Void> p = Promise.promise();
              pending.add(p);
              return p.future();
            }));
    for (int i = 0; i < 3; i++) {
      result(backbone.publish("t", "k" + i, keyed(i, "k" + i)));
    }
    // max-in-flight is 2 here: the third key's handler must not start while two are pending.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> pending.size() == 2);
    pending.get(0).complete();
    await().until(() -> pending.size() == 3);
  }

  @Test
  void aFailingKeyBacksOffWhileOtherKeysGoOn() {
    AtomicInteger failuresLeft = new AtomicInteger(3);
    List<String> handled = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            "t",
            "g",
            e -> {
              if (e.subject().equals("bad") && failuresLeft.getAndDecrement() > 0) {
                return Future.failedFuture("boom");
              }
              handled.add(e.id());
              return Future.succeededFuture();
            }));
    result(backbone.publish("t", "bad", keyed(1, "bad")));
    result(backbone.publish("t", "bad", keyed(2, "bad")));
    result(backbone.publish("t", "ok", keyed(3, "ok")));
    await().untilAsserted(() -> assertThat(handled).containsExactly("id-3", "id-1", "id-2"));
  }

  static PacerEvent keyed(int n, String subject) {
    return new PacerEvent("id-" + n, "test", "pacer.test", subject, Instant.EPOCH, Map.of("n", n));
  }
}

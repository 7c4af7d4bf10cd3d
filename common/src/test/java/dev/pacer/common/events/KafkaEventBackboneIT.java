package dev.pacer.common.events;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.retry.Backoff;
import dev.pacer.testkit.servers.KafkaBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real Kafka 4.3.1 KRaft broker, shared by the suite. */
class KafkaEventBackboneIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private Vertx vertx;
  private KafkaEventBackbone backbone;
  private final String group = "it-" + UUID.randomUUID();

  static PacerConfig.Kafka settings() {
    return settings(Map.of());
  }

  static PacerConfig.Kafka settings(Map<String, String> properties) {
    return new PacerConfig.Kafka(
        KafkaBroker.shared().bootstrapServers(),
        "pacer-it",
        "pacer",
        "",
        true,
        2,
        (short) 1,
        Duration.ofSeconds(20),
        properties);
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    backbone = backbone(Map.of());
    result(backbone.start(), WAIT);
  }

  private KafkaEventBackbone backbone(Map<String, String> properties) {
    return new KafkaEventBackbone(
        vertx, settings(properties), 8, new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() {
    result(backbone.close(), WAIT);
    result(vertx.close());
  }

  private static PacerEvent event(String id) {
    return new PacerEvent(
        id, "it", "pacer.test", "/app", Instant.parse("2026-11-22T00:00:00Z"), Map.of("id", id));
  }

  @Test
  void createsTheFourTopicsWithPacerControlCompacted() throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Set<String> names = admin.listTopics().names().get();
      assertThat(names).containsAll(Topics.ALL);
      ConfigResource control = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CONTROL);
      String policy =
          admin
              .describeConfigs(List.of(control))
              .all()
              .get()
              .get(control)
              .get("cleanup.policy")
              .value();
      assertThat(policy).isEqualTo("compact");
      assertThat(
              admin
                  .describeTopics(List.of(Topics.ACTIONS))
                  .allTopicNames()
                  .get()
                  .get(Topics.ACTIONS)
                  .partitions())
          .hasSize(2);
    }
  }

  @Test
  void roundTripsAnEventThroughTheBroker() {
    roundTrip(backbone, "rt-");
    assertThat(result(backbone.ping())).isNull();
  }

  @Test
  void aLingerSetInThePropertiesLeavesRoomForTheRequestTimeout() {
    // Kafka refuses a producer whose linger.ms + request.timeout.ms exceed delivery.timeout.ms.
    KafkaEventBackbone lingering = backbone(Map.of("linger.ms", "5"));
    try {
      result(lingering.start(), WAIT);
      roundTrip(lingering, "linger-");
    } finally {
      result(lingering.close(), WAIT);
    }
  }

  @Test
  void aLingerThatLeavesNoRoomIsRefusedByName() {
    KafkaEventBackbone lingering = backbone(Map.of("linger.ms", "20000"));
    assertThatThrownBy(() -> result(lingering.start(), WAIT))
        .hasMessageContaining(
            "pacer.kafka.properties.linger.ms (20000) must be at least 0 and below"
                + " pacer.kafka.delivery-timeout (20000 ms)");
    assertThatThrownBy(() -> KafkaEventBackbone.lingerMillis("soon", 20_000))
        .hasMessage(
            "pacer.kafka.properties.linger.ms must be a number of milliseconds, got 'soon'");
    result(lingering.close(), WAIT);
  }

  /** One event published on {@code b} arrives at a subscriber of {@code b}. */
  private void roundTrip(KafkaEventBackbone b, String idPrefix) {
    List<PacerEvent> seen = new CopyOnWriteArrayList<>();
    result(
        b.subscribe(
            Topics.ACTIONS,
            group,
            e -> {
              seen.add(e);
              return Future.succeededFuture();
            }),
        WAIT);
    PacerEvent sent = event(idPrefix + UUID.randomUUID());
    result(b.publish(Topics.ACTIONS, "/app", sent), WAIT);
    await().atMost(WAIT).untilAsserted(() -> assertThat(seen).contains(sent));
  }

  @Test
  void redeliversAfterAHandlerFailure() {
    String topic = Topics.REGISTRY;
    String id = "fail-" + UUID.randomUUID();
    AtomicInteger attempts = new AtomicInteger();
    List<String> handled = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            topic,
            group,
            e -> {
              if (!e.id().equals(id)) {
                return Future.succeededFuture();
              }
              if (attempts.incrementAndGet() < 3) {
                return Future.failedFuture("transient");
              }
              handled.add(e.id());
              return Future.succeededFuture();
            }),
        WAIT);
    result(backbone.publish(topic, "acme/foo", event(id)), WAIT);
    await().atMost(WAIT).untilAsserted(() -> assertThat(handled).containsExactly(id));
    assertThat(attempts.get()).isEqualTo(3);
  }

  @Test
  void aRestartedConsumerResumesAfterTheLastCommittedEvent() {
    String topic = Topics.MARATHON;
    String key = "/resume-" + UUID.randomUUID();
    List<String> first = new CopyOnWriteArrayList<>();
    var sub =
        result(
            backbone.subscribe(
                topic,
                group,
                e -> {
                  if (e.subject().equals(key)) {
                    first.add(e.id());
                  }
                  return Future.succeededFuture();
                }),
            WAIT);
    result(
        backbone.publish(
            topic, key, new PacerEvent("a", "it", "pacer.test", key, Instant.EPOCH, Map.of())),
        WAIT);
    result(
        backbone.publish(
            topic, key, new PacerEvent("b", "it", "pacer.test", key, Instant.EPOCH, Map.of())),
        WAIT);
    await().atMost(WAIT).untilAsserted(() -> assertThat(first).containsExactly("a", "b"));
    result(sub.close(), WAIT);

    result(
        backbone.publish(
            topic, key, new PacerEvent("c", "it", "pacer.test", key, Instant.EPOCH, Map.of())),
        WAIT);
    List<String> second = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            topic,
            group,
            e -> {
              if (e.subject().equals(key)) {
                second.add(e.id());
              }
              return Future.succeededFuture();
            }),
        WAIT);
    await().atMost(WAIT).untilAsserted(() -> assertThat(second).containsExactly("c"));
  }

  @Test
  void inOnePartitionAKeyWaitingOnItsHandlerHoldsBackOnlyItsOwnLaterRecords() {
    String slow = "/slow-" + UUID.randomUUID();
    String fast = keyInSamePartition(slow);
    String run = UUID.randomUUID().toString();
    List<String> started = new CopyOnWriteArrayList<>();
    io.vertx.core.Promise<Void> first = io.vertx.core.Promise.promise();
    send(slow, run + "-1");
    send(slow, run + "-2");
    send(fast, run + "-3");
    result(
        backbone.subscribe(
            Topics.ACTIONS,
            group,
            e -> {
              if (!e.id().startsWith(run)) {
                return Future.succeededFuture();
              }
              started.add(e.id());
              return e.id().endsWith("-1") ? first.future() : Future.succeededFuture();
            }),
        WAIT);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(started).containsExactly(run + "-1", run + "-3"));
    first.complete();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(started).containsExactly(run + "-1", run + "-3", run + "-2"));
  }

  @Test
  void aFailedRecordComesBackWithItsKeysLaterOnesInOrderWhileOtherKeysAreHandled() {
    String bad = "/bad-" + UUID.randomUUID();
    String good = keyInSamePartition(bad);
    String run = UUID.randomUUID().toString();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    List<String> handled = new CopyOnWriteArrayList<>();
    send(bad, run + "-1");
    send(good, run + "-2");
    send(bad, run + "-3");
    result(
        backbone.subscribe(
            Topics.ACTIONS,
            group,
            e -> {
              if (!e.id().startsWith(run)) {
                return Future.succeededFuture();
              }
              if (e.id().endsWith("-1") && failuresLeft.getAndDecrement() > 0) {
                return Future.failedFuture("transient");
              }
              handled.add(e.id());
              return Future.succeededFuture();
            }),
        WAIT);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(handled).containsSubsequence(run + "-1", run + "-3"));
    // -2 ran while -1 failed, and again after each seek back (at least once); -1 and -3 were
    // handled once each, -3 only after -1 succeeded.
    assertThat(handled.get(0)).isEqualTo(run + "-2");
    assertThat(handled.stream().filter((run + "-1")::equals)).hasSize(1);
    assertThat(handled.stream().filter((run + "-3")::equals)).hasSize(1);
    assertThat(handled.indexOf(run + "-3")).isGreaterThan(handled.indexOf(run + "-1"));
  }

  @Test
  void theCommitNeverPassesARecordWhoseHandlerHasNotSucceeded() {
    String stuck = "/stuck-" + UUID.randomUUID();
    String other = keyInSamePartition(stuck);
    String run = UUID.randomUUID().toString();
    List<String> handled = new CopyOnWriteArrayList<>();
    AtomicInteger failures = new AtomicInteger();
    send(stuck, run + "-1");
    send(other, run + "-2");
    var first =
        result(
            backbone.subscribe(
                Topics.ACTIONS,
                group,
                e -> {
                  if (!e.id().startsWith(run)) {
                    return Future.succeededFuture();
                  }
                  if (e.id().endsWith("-1")) {
                    failures.incrementAndGet();
                    return Future.failedFuture("Marathon is down");
                  }
                  handled.add(e.id());
                  return Future.succeededFuture();
                }),
            WAIT);
    await().atMost(WAIT).until(() -> failures.get() >= 2 && handled.contains(run + "-2"));
    result(first.close(), WAIT);

    List<String> second = new CopyOnWriteArrayList<>();
    result(
        backbone.subscribe(
            Topics.ACTIONS,
            group,
            e -> {
              if (e.id().startsWith(run)) {
                second.add(e.id());
              }
              return Future.succeededFuture();
            }),
        WAIT);
    // -1 never succeeded, so the next member gets it; -2 comes again too (at least once).
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(second).containsExactlyInAnyOrder(run + "-1", run + "-2"));
  }

  /** A key that Kafka's default partitioner puts in the same partition of ACTIONS as {@code k}. */
  private static String keyInSamePartition(String k) {
    int partitions = settings().topicPartitions();
    int target = partition(k, partitions);
    for (int i = 0; ; i++) {
      String candidate = "/other-" + i + "-" + UUID.randomUUID();
      if (partition(candidate, partitions) == target) {
        return candidate;
      }
    }
  }

  private static int partition(String key, int partitions) {
    byte[] b = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return org.apache.kafka.common.utils.Utils.toPositive(
            org.apache.kafka.common.utils.Utils.murmur2(b))
        % partitions;
  }

  /** Publishes event {@code id} on pacer.actions with {@code key}, and waits for the ack. */
  private void send(String key, String id) {
    result(backbone.publish(Topics.ACTIONS, key, keyed(id, key)), WAIT);
  }

  private static PacerEvent keyed(String id, String key) {
    return new PacerEvent(
        id, "it", "pacer.test", key, Instant.parse("2026-11-22T00:00:00Z"), Map.of("id", id));
  }
}

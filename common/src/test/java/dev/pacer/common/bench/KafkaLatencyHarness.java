package dev.pacer.common.bench;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.events.KafkaEventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.common.retry.Backoff;
import dev.pacer.testkit.servers.KafkaBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end load run against a real Kafka 4.3.1 broker (in this JVM, loopback): publishes events
 * at a steady rate through {@link KafkaEventBackbone} (acks=all, idempotent) and measures each
 * one's publish-to-handler latency, including the commit of the previous record. Prints p50, p99
 * and max. Args: [events] [ratePerSecond] (defaults 5000, 500). Bounded in count and time.
 */
public final class KafkaLatencyHarness {
  /** {@code -Dbench.kafka=k=v,k=v}: client properties to try, as pacer.kafka.properties. */
  static Map<String, String> extraProperties() {
    Map<String, String> m = new java.util.HashMap<>();
    for (String kv : System.getProperty("bench.kafka", "").split(",")) {
      if (kv.contains("=")) {
        m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    return m;
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    KafkaBroker broker = KafkaBroker.start();
    Vertx vertx = Vertx.vertx();
    try {
      KafkaEventBackbone backbone =
          new KafkaEventBackbone(
              vertx,
              new PacerConfig.Kafka(
                  broker.bootstrapServers(),
                  "bench",
                  "bench",
                  "",
                  true,
                  3,
                  (short) 1,
                  Duration.ofSeconds(30),
                  extraProperties()),
              64,
              new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1)));
      backbone.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      long[] latencies = new long[events];
      AtomicInteger received = new AtomicInteger();
      CountDownLatch all = new CountDownLatch(events);
      backbone
          .subscribe(
              Topics.ACTIONS,
              "bench-consumer",
              e -> {
                long sentAt = ((Number) e.data().get("sentNanos")).longValue();
                int i = ((Number) e.data().get("i")).intValue();
                if (i >= 0) {
                  latencies[i] = System.nanoTime() - sentAt;
                  received.incrementAndGet();
                  all.countDown();
                }
                return Future.succeededFuture();
              })
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);

      // warm-up: 500 events not measured
      for (int i = 0; i < 500; i++) {
        backbone
            .publish(Topics.ACTIONS, "/warm/" + (i % 10), event(-1))
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
      }
      long intervalNanos = 1_000_000_000L / rate;
      long start = System.nanoTime();
      long publishStart = System.nanoTime();
      for (int i = 0; i < events; i++) {
        long due = start + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          // pacing the load, not synchronising: spinning would take one of the two cores from the
          // broker
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        backbone.publish(Topics.ACTIONS, "/app/" + (i % 20), event(i));
      }
      long publishNanos = System.nanoTime() - publishStart;
      if (!all.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "only " + received.get() + " of " + events + " events arrived");
      }
      Arrays.sort(latencies);
      System.out.printf(
          "kafka publish->consume: events=%d rate=%d/s partitions=3 acks=all%n", events, rate);
      System.out.printf(
          "  p50=%.2f ms  p99=%.2f ms  max=%.2f ms  (publish loop %.1f s)%n",
          latencies[events / 2] / 1e6,
          latencies[(int) (events * 0.99)] / 1e6,
          latencies[events - 1] / 1e6,
          publishNanos / 1e9);
      backbone.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      broker.close();
    }
  }

  private static PacerEvent event(int i) {
    return PacerEvent.create(
        "bench",
        "pacer.bench",
        "/app",
        Instant.now(),
        Map.of("i", i, "sentNanos", System.nanoTime()));
  }
}

package dev.pacer.common.bench;

import dev.pacer.common.events.LocalEventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.retry.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local backbone throughput: events per second from publish until the handler of every group
 * completed. Each invocation publishes a batch of {@value #BATCH} and waits for the last one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LocalBackboneBenchmark {
  static final int BATCH = 10_000;

  @Param({"1", "3"})
  int groups;

  private Vertx vertx;
  private LocalEventBackbone backbone;
  private final AtomicReference<CountDownLatch> done = new AtomicReference<>();
  private PacerEvent event;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    backbone =
        new LocalEventBackbone(
            vertx, 100_000, 64, new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1)));
    for (int g = 0; g < groups; g++) {
      backbone
          .subscribe(
              "bench",
              "g" + g,
              e -> {
                done.get().countDown();
                return Future.succeededFuture();
              })
          .toCompletionStage()
          .toCompletableFuture()
          .get();
    }
    event = new PacerEvent("id", "bench", "pacer.bench", "/app", Instant.EPOCH, Map.of("n", 1));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void publishAndHandle() throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(BATCH * groups);
    done.set(latch);
    for (int i = 0; i < BATCH; i++) {
      backbone.publish("bench", "k", event);
    }
    if (!latch.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("batch not handled within 60 s");
    }
  }
}

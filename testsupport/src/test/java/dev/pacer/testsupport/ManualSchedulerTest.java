package dev.pacer.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.time.Scheduler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
  static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  final ManualScheduler time = new ManualScheduler(T0);
  final List<String> ran = new CopyOnWriteArrayList<>();

  @Test
  void timersFireOnlyWhenAdvancedInTheOrderTheyFallDueAtTheirTime() {
    time.after(Duration.ofSeconds(5), () -> ran.add("5s at " + time.now()));
    time.after(Duration.ofSeconds(1), () -> ran.add("1s at " + time.now()));
    time.after(Duration.ofSeconds(1), () -> ran.add("1s again"));
    assertThat(ran).isEmpty();
    time.advance(Duration.ofSeconds(4));
    assertThat(ran).containsExactly("1s at " + T0.plusSeconds(1), "1s again");
    assertThat(time.now()).isEqualTo(T0.plusSeconds(4));
    time.advance(Duration.ofSeconds(1));
    assertThat(ran).endsWith("5s at " + T0.plusSeconds(5));
    assertThat(time.pending()).isZero();
  }

  @Test
  void aPeriodicTimerFiresEveryPeriodUntilCancelledAndATimerSetByATaskFiresInTheSameAdvance() {
    Scheduler.Timer every =
        time.every(Duration.ofMillis(1), Duration.ofSeconds(1), () -> ran.add("tick"));
    time.after(
        Duration.ofMillis(500),
        () -> time.after(Duration.ofMillis(100), () -> ran.add("chained at " + time.now())));
    time.advance(Duration.ofMillis(2_500));
    assertThat(ran).containsExactly("tick", "chained at " + T0.plusMillis(600), "tick", "tick");
    every.cancel();
    time.advance(Duration.ofSeconds(10));
    assertThat(ran).hasSize(4);
  }

  @Test
  void aTimerSetOnAVertxContextRunsOnThatContext() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<Context> setOn = new CompletableFuture<>();
      CompletableFuture<Context> ranOn = new CompletableFuture<>();
      vertx.runOnContext(
          v -> {
            time.after(Duration.ofSeconds(1), () -> ranOn.complete(Vertx.currentContext()));
            setOn.complete(Vertx.currentContext());
          });
      Context context = setOn.get(5, TimeUnit.SECONDS);
      time.advance(Duration.ofSeconds(1));
      // advance returns once the task ran
      assertThat(ranOn).isCompleted();
      assertThat(ranOn.get()).isSameAs(context);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}

package dev.pacer.common.lifecycle;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    result(vertx.close());
  }

  @Test
  void runsStepsInReverseStartOrderAndTimeBoxesAHangingOne() {
    ShutdownSequence s = new ShutdownSequence(vertx, Duration.ofMillis(100));
    s.onShutdown("backbone", Future::succeededFuture);
    s.onShutdown("daemon that hangs", () -> Promise.promise().future());
    s.onShutdown("daemon that fails", () -> Future.failedFuture("broken"));
    s.onShutdown("http", Future::succeededFuture);
    result(s.run(), Duration.ofSeconds(5));
    assertThat(s.completedSteps())
        .containsExactly("http", "daemon that fails", "daemon that hangs", "backbone");
  }

  @Test
  void runsOnlyOnceHoweverOftenItIsAsked() {
    ShutdownSequence s = new ShutdownSequence(vertx, Duration.ofMillis(100));
    int[] calls = {0};
    s.onShutdown(
        "x",
        () -> {
          calls[0]++;
          return Future.succeededFuture();
        });
    result(s.run());
    result(s.run());
    assertThat(calls[0]).isEqualTo(1);
  }
}

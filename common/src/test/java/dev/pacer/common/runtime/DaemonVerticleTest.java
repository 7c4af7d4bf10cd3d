package dev.pacer.common.runtime;

import static dev.pacer.testkit.Await.result;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.config.Secret;
import dev.pacer.common.time.VertxScheduler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A daemon's first cycle waits until every daemon of the process has started (subscribed). */
class DaemonVerticleTest {
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    result(vertx.close());
  }

  @Test
  void aCycleDueBeforeEveryDaemonStartedRunsOnceTheyHave() {
    Promise<Void> started = Promise.promise();
    PacerRuntime runtime =
        new PacerRuntime(
            vertx,
            null,
            null,
            null,
            null,
            new AdminApi(
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Secret.empty(),
                Clock.systemUTC()),
            null,
            null,
            null,
            Clock.systemUTC(),
            new VertxScheduler(vertx, Clock.systemUTC()),
            null,
            started.future(),
            null,
            null);
    AtomicInteger cycles = new AtomicInteger();
    DaemonVerticle daemon =
        new DaemonVerticle("test", runtime) {
          @Override
          protected Future<?> startDaemon() {
            cycle(Duration.ofMillis(1), Duration.ofHours(1), cycles::incrementAndGet);
            return Future.succeededFuture();
          }
        };
    result(vertx.deployVerticle(daemon));

    // due after 1 ms, but the other daemons are still starting: it waits
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> cycles.get() == 0);
    started.complete();
    await().atMost(Duration.ofSeconds(5)).until(() -> cycles.get() == 1);
  }
}

package dev.pacer.autoscaler;

import dev.pacer.autoscaler.metrics.MetricsSource;
import dev.pacer.autoscaler.scale.Autoscaler;
import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import java.util.Map;

/** The autoscaler's verticle: a cycle at start and every {@code interval}. */
public final class AutoscalerVerticle extends DaemonVerticle {
  private static final java.time.Duration FIRST = java.time.Duration.ofMillis(1);
  private final AutoscalerConfig settings;
  private final Autoscaler autoscaler;
  private final MetricsSource metrics;
  private Scheduler.Timer timer = () -> {};

  AutoscalerVerticle(
      PacerRuntime runtime,
      AutoscalerConfig settings,
      Autoscaler autoscaler,
      MetricsSource metrics) {
    super(AutoscalerMain.NAME, runtime);
    this.settings = settings;
    this.autoscaler = autoscaler;
    this.metrics = metrics;
  }

  @Override
  protected Future<?> startDaemon() {
    if (runtime.views() != null) {
      runtime.views().app("autoscale", autoscaler.views());
    }
    timer = cycle(FIRST, settings.interval(), autoscaler::cycle);
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> stopDaemon() {
    timer.cancel();
    // The shutdown step's time box bounds this wait.
    return autoscaler.idle().onComplete(x -> metrics.close());
  }

  @Override
  protected Map<String, Object> status() {
    return autoscaler.status();
  }
}

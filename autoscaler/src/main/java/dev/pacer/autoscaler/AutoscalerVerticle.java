package dev.pacer.autoscaler;

import dev.pacer.autoscaler.metrics.MetricsSource;
import dev.pacer.autoscaler.scale.Autoscaler;
import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;
import io.vertx.core.Future;
import java.util.Map;

/** The autoscaler's verticle: a cycle at start and every {@code interval}. */
public final class AutoscalerVerticle extends DaemonVerticle {
  private final AutoscalerConfig settings;
  private final Autoscaler autoscaler;
  private final MetricsSource metrics;
  private long timer = -1;

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
    timer = vertx.setPeriodic(1, settings.interval().toMillis(), t -> autoscaler.cycle());
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> stopDaemon() {
    vertx.cancelTimer(timer);
    // The shutdown step's time box bounds this wait.
    return autoscaler.idle().onComplete(x -> metrics.close());
  }

  @Override
  protected Map<String, Object> status() {
    return autoscaler.status();
  }
}

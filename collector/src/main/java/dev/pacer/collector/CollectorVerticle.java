package dev.pacer.collector;

import dev.pacer.collector.carbon.CarbonWriter;
import dev.pacer.collector.read.AgentStatistics;
import dev.pacer.common.mesos.MesosMaster;
import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import java.util.Map;

/** The collector's verticle: a cycle at start and every {@code interval}, on the leader. */
public final class CollectorVerticle extends DaemonVerticle {
  private static final java.time.Duration FIRST = java.time.Duration.ofMillis(1);
  private final CollectorConfig settings;
  private final Collector collector;
  private final MesosMaster master;
  private final AgentStatistics agents;
  private final CarbonWriter carbon;
  private Scheduler.Timer timer = () -> {};

  CollectorVerticle(
      PacerRuntime runtime,
      CollectorConfig settings,
      Collector collector,
      MesosMaster master,
      AgentStatistics agents,
      CarbonWriter carbon) {
    super(CollectorMain.NAME, runtime);
    this.settings = settings;
    this.collector = collector;
    this.master = master;
    this.agents = agents;
    this.carbon = carbon;
  }

  @Override
  protected Future<?> startDaemon() {
    timer = cycle(FIRST, settings.interval(), collector::cycle);
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> stopDaemon() {
    timer.cancel();
    // The shutdown step's time box bounds this wait.
    return collector
        .idle()
        .eventually(carbon::close)
        .onComplete(
            x -> {
              agents.close();
              master.close();
            });
  }

  @Override
  protected Map<String, Object> status() {
    return collector.status();
  }
}

package dev.pacer.collector;

import dev.pacer.collector.carbon.CarbonWriter;
import dev.pacer.collector.plan.UsageCalculator;
import dev.pacer.collector.read.AgentStatistics;
import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.mesos.MesosMaster;
import dev.pacer.common.retry.Backoff;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import io.vertx.core.Deployable;
import java.time.Duration;

/** Composition root of the collector: reads its config and builds its adapters and verticle. */
public final class CollectorMain implements DaemonModule<CollectorConfig> {
  public static final String NAME = "collector";

  public static void main(String[] args) {
    System.exit(StandaloneArgs.runDaemon(args, new CollectorMain()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CollectorConfig readConfig(ConfigReader reader) {
    return CollectorConfig.read(reader);
  }

  @Override
  public boolean enabled(CollectorConfig config) {
    return config.enabled();
  }

  @Override
  public Deployable create(PacerRuntime rt, CollectorConfig c) {
    MesosMaster master = new MesosMaster(rt.vertx(), c.mesosUrls(), c.mesosTimeout());
    AgentStatistics agents = new AgentStatistics(rt.vertx(), c.parallelism(), c.agentTimeout());
    CarbonWriter carbon =
        new CarbonWriter(
            rt.vertx(),
            c.carbonHost(),
            c.carbonPort(),
            c.buffer(),
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)));
    Collector collector =
        new Collector(
            master,
            agents,
            carbon,
            new UsageCalculator(
                new UsageCalculator.Settings(c.prefix(), c.poolPrefix(), c.maxMissing())),
            new Collector.Settings(c.frameworkName(), c.poolAttribute(), c.maxMissing()),
            new ActionPublisher(
                rt.backbone(), rt.config().events().source() + "/" + NAME, rt.clock()),
            rt.leadership()::isLeader,
            rt.clock(),
            rt.metrics());
    return new CollectorVerticle(rt, c, collector, master, agents, carbon);
  }

  /** The leading Mesos master ({@code /redirect}), which every cycle reads first. */
  @Override
  public java.util.List<dev.pacer.common.runtime.Probe> probes(
      CollectorConfig c, io.vertx.core.Vertx vertx) {
    return java.util.List.of(MesosMaster.leaderProbe(vertx, c.mesosUrls(), c.mesosTimeout()));
  }
}

package dev.pacer.agentscaler;

import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.runtime.StandaloneArgs;
import io.vertx.core.Deployable;

/** Composition root of the agent-scaler: reads its config and builds its verticle. */
public final class AgentScalerMain implements DaemonModule<AgentScalerConfig> {
  public static final String NAME = "agent-scaler";

  public static void main(String[] args) {
    System.exit(StandaloneArgs.runDaemon(args, new AgentScalerMain()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AgentScalerConfig readConfig(ConfigReader reader) {
    return AgentScalerConfig.read(reader);
  }

  @Override
  public boolean enabled(AgentScalerConfig config) {
    return config.enabled();
  }

  @Override
  public java.util.Set<String> pauseScopes(AgentScalerConfig config) {
    java.util.Set<String> s = new java.util.TreeSet<>();
    config.pools().forEach(p -> s.add(dev.pacer.common.control.Pause.POOL_PREFIX + p.name()));
    return s;
  }

  @Override
  public Deployable create(PacerRuntime runtime, AgentScalerConfig c) {
    if (c.pools().isEmpty()) {
      return new AgentScalerVerticle(runtime, c, null, null); // nothing to watch: /status says so
    }
    dev.pacer.common.mesos.MesosMaster mesos =
        new dev.pacer.common.mesos.MesosMaster(runtime.vertx(), c.mesosUrls(), c.mesosTimeout());
    dev.pacer.agentscaler.cloud.AutoScalingGroups groups =
        c.pools().stream().anyMatch(PoolConfig::hasProvider)
            ? new dev.pacer.agentscaler.cloud.AutoScalingGroups(
                runtime.vertx(),
                c.awsRegion(),
                c.awsEndpoint().isEmpty() ? null : java.net.URI.create(c.awsEndpoint()),
                software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.create())
            : null;
    return new AgentScalerVerticle(runtime, c, mesos, groups);
  }

  /**
   * The leading Mesos master ({@code /redirect}) and each pool's Auto Scaling group ({@code
   * DescribeAutoScalingGroups}), which every cycle reads: /ready fails while one is unreachable.
   */
  @Override
  public java.util.List<dev.pacer.common.runtime.Probe> probes(
      AgentScalerConfig c, io.vertx.core.Vertx vertx) {
    if (c.pools().isEmpty()) {
      return java.util.List.of();
    }
    java.util.List<dev.pacer.common.runtime.Probe> probes = new java.util.ArrayList<>();
    probes.add(
        dev.pacer.common.mesos.MesosMaster.leaderProbe(vertx, c.mesosUrls(), c.mesosTimeout()));
    if (c.pools().stream().noneMatch(PoolConfig::hasProvider)) {
      return probes;
    }
    dev.pacer.agentscaler.cloud.AutoScalingGroups groups =
        new dev.pacer.agentscaler.cloud.AutoScalingGroups(
            vertx,
            c.awsRegion(),
            c.awsEndpoint().isEmpty() ? null : java.net.URI.create(c.awsEndpoint()),
            software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.create());
    java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable close =
        () -> {
          if (closed.compareAndSet(false, true)) {
            // the SDK's client waits out its event loops' quiet period: not on the caller's thread
            Thread t = new Thread(groups::close, "pacer-aws-close");
            t.setDaemon(true);
            t.start();
          }
        };
    for (PoolConfig pool : c.pools()) {
      if (!pool.hasProvider()) {
        continue;
      }
      probes.add(
          dev.pacer.common.runtime.Probes.of(
              "pool " + pool.name(),
              "Auto Scaling group "
                  + pool.group()
                  + " of pool "
                  + pool.name()
                  + " (DescribeAutoScalingGroups, "
                  + c.awsRegion()
                  + ")",
              true,
              () ->
                  groups
                      .describe(pool.group())
                      .map(
                          g ->
                              "desired "
                                  + g.desired()
                                  + " (min "
                                  + g.min()
                                  + ", max "
                                  + g.max()
                                  + "), "
                                  + g.instances().size()
                                  + " instances"),
              close));
    }
    return probes;
  }
}

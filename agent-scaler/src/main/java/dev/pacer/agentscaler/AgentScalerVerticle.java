package dev.pacer.agentscaler;

import dev.pacer.agentscaler.cloud.AutoScalingGroups;
import dev.pacer.agentscaler.drain.HandDrain;
import dev.pacer.agentscaler.scale.AgentScaler;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.mesos.MesosMaster;
import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import java.util.Map;

/** The agent-scaler's verticle: a cycle over the pools at start and every {@code interval}. */
public final class AgentScalerVerticle extends DaemonVerticle {
  private final AgentScalerConfig settings;
  private final MesosMaster mesos;
  private final AutoScalingGroups groups;
  private AgentScaler scaler;
  private Scheduler.Timer timer = () -> {};

  /**
   * @param mesos the Mesos master adapter, null when no pool is configured
   * @param groups the Auto Scaling adapter, null when no pool names a group
   */
  public AgentScalerVerticle(
      PacerRuntime runtime, AgentScalerConfig config, MesosMaster mesos, AutoScalingGroups groups) {
    super(AgentScalerMain.NAME, runtime);
    this.settings = config;
    this.mesos = mesos;
    this.groups = groups;
  }

  @Override
  protected Future<?> startDaemon() {
    if (settings.pools().isEmpty()) {
      return Future.succeededFuture(); // nothing to watch: /status says so
    }
    new HandDrain(mesos, settings.pools(), settings.instanceIdAttribute(), runtime.clock())
        .mount(runtime.router(), runtime.admin().requireAdminToken());
    scaler =
        new AgentScaler(
            mesos,
            runtime.marathon(),
            groups,
            new ActionPublisher(
                runtime.backbone(),
                runtime.config().events().source() + "/" + AgentScalerMain.NAME,
                runtime.clock()),
            runtime.pauses(),
            runtime.clock(),
            new AgentScaler.Settings(
                settings.dryRun(),
                settings.instanceIdAttribute(),
                settings.registrationGrace(),
                settings.pools()),
            runtime.leadership()::isLeader,
            runtime.metrics());
    if (runtime.views() != null) {
      runtime.views().pool("agent-scaler", scaler.views());
    }
    timer = cycle(java.time.Duration.ofMillis(1), settings.interval(), scaler::cycle);
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> stopDaemon() {
    timer.cancel();
    Future<Void> idle = scaler == null ? Future.succeededFuture() : scaler.idle();
    return idle.onComplete(
        x -> {
          if (groups != null) {
            // The SDK's client waits out its event loops' quiet period (seconds) when it closes:
            // on a thread of its own, so the shutdown step does not wait for it.
            Thread t = new Thread(groups::close, "pacer-aws-close");
            t.setDaemon(true);
            t.start();
          }
        });
  }

  @Override
  protected Map<String, Object> status() {
    return scaler == null
        ? Map.of("pools", Map.of(), "note", "no pools configured (pacer.agent-scaler.pools)")
        : scaler.status();
  }
}

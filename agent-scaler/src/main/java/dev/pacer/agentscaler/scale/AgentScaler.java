package dev.pacer.agentscaler.scale;

import dev.pacer.agentscaler.PoolConfig;
import dev.pacer.agentscaler.cloud.AutoScalingGroups;
import dev.pacer.agentscaler.drain.Drains;
import dev.pacer.agentscaler.plan.CapacityPlanner;
import dev.pacer.agentscaler.plan.Member;
import dev.pacer.agentscaler.plan.PoolDecider;
import dev.pacer.agentscaler.plan.PoolDecision;
import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseView;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.mesos.Agent;
import dev.pacer.common.mesos.MesosMaster;
import dev.pacer.common.mesos.Resources;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cycle over every pool: read Mesos's state and maintenance schedule once, then per pool its
 * cloud group; move the pool's drains on ({@link Drains}); plan; act. Scale-ups go through the
 * group's desired capacity (new instances protected from scale-in); scale-ins drain the chosen
 * agents and terminate exactly their instances. A pool without a group is observed and reported,
 * never changed. A failure of one pool never stops the others.
 */
public final class AgentScaler {
  private static final Logger LOG = LoggerFactory.getLogger(AgentScaler.class);

  public record Settings(
      boolean dryRun,
      String instanceIdAttribute,
      java.time.Duration registrationGrace,
      List<PoolConfig> pools) {}

  private final MesosMaster mesos;
  private final dev.pacer.common.marathon.MarathonClient marathon;
  private final AutoScalingGroups groups;
  private final ActionPublisher actions;
  private final PauseView pauses;
  private final Clock clock;
  private final Settings settings;
  private final Map<String, Map<String, Object>> status = new ConcurrentHashMap<>();
  private final Drains drains;

  /** Per pool: what its cycles remember ({@link PoolDecider.Memory}). */
  private final Map<String, PoolDecider.Memory> memory = new ConcurrentHashMap<>();

  private final java.util.function.BooleanSupplier mayAct;
  private final PoolMeters meters;
  private Future<Void> running = Future.succeededFuture();
  private int followerCycles;
  private int cycles;
  private int skipped;

  public AgentScaler(
      MesosMaster mesos,
      dev.pacer.common.marathon.MarathonClient marathon,
      AutoScalingGroups groups,
      ActionPublisher actions,
      PauseView pauses,
      Clock clock,
      Settings settings,
      java.util.function.BooleanSupplier mayAct,
      io.micrometer.core.instrument.MeterRegistry meters) {
    this.mayAct = mayAct;
    this.meters = new PoolMeters(meters, settings.pools());
    this.mesos = mesos;
    this.marathon = marathon;
    this.groups = groups;
    this.actions = actions;
    this.pauses = pauses;
    this.clock = clock;
    this.settings = settings;
    this.drains =
        new Drains(mesos, marathon, groups, actions, clock, settings.instanceIdAttribute(), mayAct);
  }

  /** Runs a cycle unless one is running (then it is skipped and counted). */
  public Future<Void> cycle() {
    if (!mayAct.getAsBoolean()) {
      followerCycles++; // HA: the leader runs the cycles
      primed = false;
      meters.cycle("follower");
      return Future.succeededFuture();
    }
    if (!running.isComplete()) {
      skipped++;
      meters.cycle("skipped");
      return running;
    }
    boolean[] failedAny = {false};
    cycles++;
    long began = System.nanoTime();
    boolean anyGroup = settings.pools().stream().anyMatch(PoolConfig::hasProvider);
    running =
        mesos
            .state()
            .compose(
                state ->
                    anyGroup
                        ? Future.all(
                                mesos.schedule(),
                                mesos.maintenanceStatus(),
                                marathon
                                    .queue()
                                    .recover(
                                        e -> {
                                          LOG.warn(
                                              "agent-scaler: Marathon's queue not read, planning"
                                                  + " without it: {}",
                                              e.getMessage());
                                          return Future.succeededFuture(
                                              List.<dev.pacer.common.marathon.QueuedApp>of());
                                        }))
                            .map(
                                m -> Cluster.of(state, m.resultAt(0), m.resultAt(1), m.resultAt(2)))
                        : Future.succeededFuture(
                            Cluster.of(state, new JsonObject(), new JsonObject(), List.of())))
            .compose(
                cluster -> {
                  List<Future<Void>> all = new ArrayList<>();
                  for (PoolConfig p : settings.pools()) {
                    all.add(
                        pool(p, cluster)
                            .recover(
                                e -> {
                                  failedAny[0] = true;
                                  return failed(p, e);
                                }));
                  }
                  return Future.join(all).<Void>mapEmpty();
                })
            .recover(
                e -> {
                  LOG.warn("agent-scaler: Mesos not read, no pool changes: {}", e.getMessage());
                  failedAny[0] = true;
                  settings.pools().forEach(p -> failed(p, e));
                  return Future.succeededFuture();
                })
            .onComplete(
                x -> {
                  meters.cycleTook(System.nanoTime() - began);
                  primed = true;
                  meters.cycle(failedAny[0] ? "failed" : "ok");
                });
    return running;
  }

  public Future<Void> idle() {
    return running;
  }

  /** What the last cycle saw of each pool configured (as {@code /status} shows it). */
  public dev.pacer.common.journal.StateViews.Part views() {
    return dev.pacer.common.journal.StateViews.part(
        p -> status.getOrDefault(p, Map.of()),
        () -> settings.pools().stream().map(PoolConfig::name).toList());
  }

  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("cycles", cycles);
    s.put("cycles-skipped", skipped);
    s.put("cycles-as-follower", followerCycles);
    Map<String, Object> pools = new LinkedHashMap<>();
    settings
        .pools()
        .forEach(
            p ->
                pools.put(
                    p.name(), status.getOrDefault(p.name(), Map.of("state", "not read yet"))));
    s.put("pools", pools);
    return s;
  }

  private Future<Void> pool(PoolConfig p, Cluster cluster) {
    Map<String, Instant> scheduled = Drains.scheduled(cluster.schedule());
    List<Agent> agents =
        cluster.agents().stream()
            .filter(a -> p.value().equals(a.attributes().get(p.attribute())))
            // a machine in the maintenance schedule is draining: its capacity no longer counts
            .map(
                a ->
                    scheduled.containsKey(Drains.key(a.hostname(), a.ip()))
                        ? a.draining("MAINTENANCE")
                        : a)
            .toList();
    if (!p.hasProvider()) {
      List<Member> members = agents.stream().map(a -> new Member(a.id(), a)).toList();
      PoolDecision d = CapacityPlanner.plan(p.policy(), members, Resources.ZERO, members.size());
      report(p, agents, members, members.size(), d, "observed only: no cloud group, never changed");
      return Future.succeededFuture();
    }
    List<Instant> drainStarts =
        agents.stream()
            .map(a -> scheduled.get(Drains.key(a.hostname(), a.ip())))
            .filter(java.util.Objects::nonNull)
            .toList();
    return groups
        .describe(p.group())
        .compose(
            before ->
                drains
                    .advance(p, before, agents, cluster.state(), scheduled, cluster.down())
                    .compose(
                        advanced ->
                            // plan from the group as the drains left it: a termination just
                            // lowered its desired capacity
                            Future.all(
                                    advanced.terminated()
                                        ? groups.describe(p.group())
                                        : Future.succeededFuture(before),
                                    groups.activities(p.group()))
                                .compose(
                                    read -> {
                                      AutoScalingGroups.Group g = read.resultAt(0);
                                      PoolDecider.Memory m = memoryOf(p);
                                      PoolCooldowns cooldowns =
                                          PoolCooldowns.derive(
                                              read.resultAt(1),
                                              drainStarts,
                                              m.lastUp(),
                                              m.lastDown());
                                      return plan(
                                          p,
                                          g,
                                          agents,
                                          QueueDemand.forPool(cluster.queue(), p),
                                          advanced.said(),
                                          cooldowns);
                                    })));
  }

  private PoolDecider.Memory memoryOf(PoolConfig p) {
    return memory.getOrDefault(p.name(), PoolDecider.Memory.EMPTY);
  }

  private Future<Void> plan(
      PoolConfig p,
      AutoScalingGroups.Group g,
      List<Agent> agents,
      Resources queued,
      List<String> steps,
      PoolCooldowns cooldowns) {
    Map<String, Agent> byInstance = new LinkedHashMap<>();
    agents.forEach(
        a -> {
          String id = a.attributes().get(settings.instanceIdAttribute());
          if (id != null) {
            byInstance.put(id, a);
          }
        });
    Instant now = clock.instant();
    List<PoolDecider.Instance> instances =
        g.instances().stream()
            .map(
                i -> new PoolDecider.Instance(i.id(), i.lifecycleState(), i.protectedFromScaleIn()))
            .toList();
    PoolDecider.Members m =
        PoolDecider.members(instances, byInstance, memoryOf(p), settings.registrationGrace(), now);
    memory.put(p.name(), m.memory());
    List<Member> members = m.members();
    PoolDecision d = CapacityPlanner.plan(p.policy(), members, queued, g.desired());
    PoolDecider.Plan plan =
        PoolDecider.decide(
            new PoolDecider.Input(
                p.name(),
                p.group(),
                p.scaleUpCooldown(),
                p.scaleDownCooldown(),
                d,
                g.desired(),
                instances,
                pauses.covering(Pause.POOL_PREFIX + p.name(), now).map(Pause::describe),
                cooldowns.lastUp(),
                cooldowns.lastDown(),
                settings.dryRun(),
                mayAct.getAsBoolean(),
                primed,
                m.memory(),
                CapacityPlanner.inputs(p.policy(), members, queued, g.desired()),
                now));
    return act(p, g, plan)
        .map(
            done -> {
              report(
                  p,
                  agents,
                  members,
                  g.desired(),
                  d,
                  steps.isEmpty() ? done : done + "; drains: " + steps);
              return null;
            });
  }

  /** Carries one pool's plan out; decides nothing. */
  private Future<String> act(PoolConfig p, AutoScalingGroups.Group g, PoolDecider.Plan plan) {
    memory.put(p.name(), plan.memory());
    Future<Void> protect =
        plan.protect().isEmpty()
            ? Future.succeededFuture()
            : groups.protect(p.group(), plan.protect());
    PoolDecider.Action action = plan.action();
    if (action instanceof PoolDecider.Action.ScaleUpTo up) {
      return protect
          .compose(v -> groups.scaleUpTo(p.group(), up.desired()))
          .compose(
              v -> {
                memory.put(p.name(), plan.afterSuccess());
                LOG.info(
                    "pool={} desired {} -> {}: {}",
                    p.name(),
                    g.desired(),
                    up.desired(),
                    up.event().reason());
                return actions.publish(p.name(), up.event());
              })
          .map(plan.said());
    }
    if (action instanceof PoolDecider.Action.Drain drain) {
      List<String> ids = drain.members().stream().map(Member::instanceId).toList();
      LOG.info("pool={} draining {}: {}", p.name(), ids, drain.reason());
      return protect
          .compose(v -> drains.start(p, drain.members(), drain.reason(), drain.inputs()))
          .map(
              said -> {
                // the cooldown starts with a drain that started, never with a failed attempt
                memory.put(p.name(), plan.afterSuccess());
                return said.toString();
              });
    }
    if (action instanceof PoolDecider.Action.Publish pub) {
      return protect.compose(v -> actions.publish(p.name(), pub.event())).map(plan.said());
    }
    return protect.map(plan.said());
  }

  /**
   * Whether a cycle as leader has run since the start: the holds of the first one are what a
   * restart finds, not news; their events say {@code after-start: true}, and Slack does not post
   * them.
   */
  private volatile boolean primed;

  private void report(
      PoolConfig p,
      List<Agent> agents,
      List<Member> members,
      int desired,
      PoolDecision d,
      String action) {
    Resources total = Resources.ZERO;
    Resources used = Resources.ZERO;
    for (Agent a : agents) {
      if (a.active() && !a.draining()) {
        total = total.plus(a.total());
      }
      used = used.plus(a.used());
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("attribute", p.attribute() + ":" + p.value());
    s.put("group", p.hasProvider() ? p.group() : "(none: observed only)");
    s.put("agents", agents.size());
    s.put("instances", members.size());
    s.put("desired", desired);
    s.put("orphans", members.stream().filter(Member::orphan).map(Member::instanceId).toList());
    s.put("total", total.rounded());
    s.put("used", used.rounded());
    s.put("free", total.minus(used).rounded());
    s.put("free-fraction", PoolViews.freeFractions(total, used));
    s.put("draining", PoolViews.draining(agents));
    meters.free(p.name(), total, used);
    s.put("decision", d.getClass().getSimpleName());
    s.put("reason", d.reason());
    s.put("action", action);
    s.put("at", clock.instant().toString());
    status.put(p.name(), s);
  }

  private Future<Void> failed(PoolConfig p, Throwable e) {
    LOG.warn("pool={} cycle failed, nothing changed: {}", p.name(), e.toString());
    Map<String, Object> s = new LinkedHashMap<>(status.getOrDefault(p.name(), Map.of()));
    s.put("error", String.valueOf(e.getMessage()));
    s.put("error-at", clock.instant().toString());
    status.put(p.name(), s);
    return Future.succeededFuture();
  }
}

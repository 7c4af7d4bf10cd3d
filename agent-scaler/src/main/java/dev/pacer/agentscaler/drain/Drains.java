package dev.pacer.agentscaler.drain;

import dev.pacer.agentscaler.PoolConfig;
import dev.pacer.agentscaler.cloud.AutoScalingGroups;
import dev.pacer.agentscaler.plan.Member;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.events.types.AgentDraining;
import dev.pacer.common.events.types.AgentTerminated;
import dev.pacer.common.json.JsonLists;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.mesos.Agent;
import dev.pacer.common.mesos.MesosMaster;
import dev.pacer.common.mesos.MesosState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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
 * Graceful removal of agents, as a reconciliation each cycle rather than a process in memory, so a
 * restart continues where the last one stopped: the maintenance schedule says which machines are
 * draining and since when; Mesos says which tasks they still run. One drain goes:
 *
 * <ol>
 *   <li>the machine joins the maintenance schedule (read-modify-write: others' windows stay), its
 *       window starting now and lasting the drain hard cap;
 *   <li>its Marathon tasks are moved ({@code POST /v2/tasks/delete?scale=false}), per app at most
 *       {@code instances × (1 − minimumHealthCapacity)} at a time (at least one);
 *   <li>once it runs no task, or the hard cap has passed: {@code machine/down}, then {@code
 *       TerminateInstanceInAutoScalingGroup} of exactly its instance with the desired capacity
 *       decremented, then {@code machine/up}, which takes it out of the schedule.
 * </ol>
 *
 * An instance is terminated only while it is still in the group, so nothing is terminated twice.
 */
public final class Drains {
  private static final Logger LOG = LoggerFactory.getLogger(Drains.class);

  private final MesosMaster mesos;
  private final MarathonClient marathon;
  private final AutoScalingGroups groups;
  private final ActionPublisher actions;
  private final Clock clock;
  private final String instanceAttribute;

  /**
   * machine key → instance id, learnt while the agent is visible (it leaves the state when down).
   */
  private final Map<String, String> instances = new ConcurrentHashMap<>();

  /** machine key → the pool it belongs to. */
  private final Map<String, String> pools = new ConcurrentHashMap<>();

  private final java.util.function.BooleanSupplier mayAct;

  public Drains(
      MesosMaster mesos,
      MarathonClient marathon,
      AutoScalingGroups groups,
      ActionPublisher actions,
      Clock clock,
      String instanceAttribute,
      java.util.function.BooleanSupplier mayAct) {
    this.mayAct = mayAct;
    this.mesos = mesos;
    this.marathon = marathon;
    this.groups = groups;
    this.actions = actions;
    this.clock = clock;
    this.instanceAttribute = instanceAttribute;
  }

  /**
   * Asked just before each change (HA): a replica that lost its leadership changes nothing more.
   */
  private Future<Void> leading() {
    return mayAct.getAsBoolean()
        ? Future.succeededFuture()
        : Future.failedFuture(new IllegalStateException("no longer the leader: the leader acts"));
  }

  public static String key(String hostname, String ip) {
    return hostname.toLowerCase(java.util.Locale.ROOT) + "/" + ip;
  }

  /** Machines (keys) in the schedule, with the start of their window. */
  public static Map<String, Instant> scheduled(JsonObject schedule) {
    Map<String, Instant> out = new LinkedHashMap<>();
    for (JsonObject w : JsonLists.objects(schedule, "windows")) {
      long startNs =
          w.getJsonObject("unavailability", new JsonObject())
              .getJsonObject("start", new JsonObject())
              .getLong("nanoseconds", 0L);
      Instant start = Instant.ofEpochSecond(0, startNs);
      for (JsonObject id : JsonLists.objects(w, "machine_ids")) {
        out.put(key(id.getString("hostname", ""), id.getString("ip", "")), start);
      }
    }
    return out;
  }

  /**
   * Starts draining the victims; an orphan (no agent) serves nothing and is terminated at once.
   * {@code reason} and {@code inputs}, why they were chosen, go into their events.
   */
  public Future<List<String>> start(
      PoolConfig p,
      List<Member> victims,
      String reason,
      dev.pacer.common.events.types.PoolInputs inputs) {
    Instant now = clock.instant();
    List<Member> agents = victims.stream().filter(v -> !v.orphan()).toList();
    List<Future<Void>> done = new ArrayList<>();
    List<String> said = new ArrayList<>();
    for (Member orphan : victims.stream().filter(Member::orphan).toList()) {
      done.add(terminate(p, orphan.instanceId(), "orphan: in the group, not in Mesos"));
      said.add("terminating orphan " + orphan.instanceId());
    }
    if (!agents.isEmpty()) {
      JsonArray machines = new JsonArray();
      agents.forEach(
          v -> {
            machines.add(
                new JsonObject().put("hostname", v.agent().hostname()).put("ip", v.agent().ip()));
            instances.put(key(v.agent().hostname(), v.agent().ip()), v.instanceId());
            pools.put(key(v.agent().hostname(), v.agent().ip()), p.name());
          });
      JsonObject window =
          new JsonObject()
              .put("machine_ids", machines)
              .put(
                  "unavailability",
                  new JsonObject()
                      .put("start", new JsonObject().put("nanoseconds", nanos(now)))
                      .put(
                          "duration",
                          new JsonObject().put("nanoseconds", p.drainHardCap().toNanos())));
      done.add(
          leading()
              .compose(
                  x ->
                      mesos
                          .updateSchedule(s -> JsonLists.append(s, "windows", window))
                          .compose(
                              v -> {
                                List<Future<Void>> events = new ArrayList<>();
                                for (Member m : agents) {
                                  events.add(
                                      actions.publish(
                                          p.name(),
                                          new AgentDraining(
                                              p.name(),
                                              p.group(),
                                              m.instanceId(),
                                              m.agent().hostname(),
                                              m.agent().ip(),
                                              m.agent().tasks(),
                                              p.drainHardCap(),
                                              reason,
                                              inputs)));
                                  said.add(
                                      "draining "
                                          + m.agent().hostname()
                                          + " ("
                                          + m.instanceId()
                                          + ")");
                                }
                                return Future.join(events).mapEmpty();
                              })));
    }
    return Future.join(done).map(said);
  }

  /** What moving the drains on did: said in words, and whether an instance left the group. */
  public record Advanced(List<String> said, boolean terminated) {}

  /** Moves every draining machine of the pool one step on; says what it did. */
  public Future<Advanced> advance(
      PoolConfig p,
      AutoScalingGroups.Group g,
      List<Agent> poolAgents,
      Map<String, Object> state,
      Map<String, Instant> scheduled,
      java.util.Set<String> down) {
    Instant now = clock.instant();
    List<String> said = new ArrayList<>();
    List<Future<Boolean>> steps = new ArrayList<>();
    java.util.Set<String> inGroup = new java.util.HashSet<>();
    g.instances().forEach(i -> inGroup.add(i.id()));
    for (Agent a : poolAgents) {
      String k = key(a.hostname(), a.ip());
      String id = a.attributes().get(instanceAttribute);
      Instant since = scheduled.get(k);
      if (id == null || !inGroup.contains(id)) {
        if (since != null) {
          // not an instance of this group: an operator's window, not Pacer's to finish
          said.add(a.hostname() + " is in the schedule but not an instance of " + p.group());
        }
        continue;
      }
      instances.put(k, id);
      pools.put(k, p.name());
      if (since == null || down.contains(k)) {
        continue;
      }
      List<String> tasks = MesosState.taskIds(state, a.id());
      boolean capped = !now.isBefore(since.plus(p.drainHardCap()));
      if (!tasks.isEmpty() && !capped) {
        said.add("moving " + tasks.size() + " task(s) off " + a.hostname());
        steps.add(moveTasks(tasks).map(false));
      } else {
        said.add(
            a.hostname()
                + (tasks.isEmpty() ? " is empty" : " passed its hard cap")
                + ": down, terminate, up");
        steps.add(finish(p, a.hostname(), a.ip(), inGroup, !tasks.isEmpty(), false));
      }
    }
    // machines left DOWN by a restart between machine/down and machine/up
    for (String k : down) {
      String[] hi = k.split("/", 2);
      // only this pool's machines: another pool finishes its own
      if (scheduled.containsKey(k) && instances.containsKey(k) && p.name().equals(pools.get(k))) {
        said.add(hi[0] + " is down: terminate, up");
        steps.add(finish(p, hi[0], hi[1], inGroup, false, true));
      }
    }
    return Future.join(steps)
        .map(
            all -> new Advanced(said, all.<Boolean>list().stream().anyMatch(Boolean.TRUE::equals)));
  }

  /** Downs the machine, terminates its instance, brings it up; true if it terminated one. */
  private Future<Boolean> finish(
      PoolConfig p,
      String hostname,
      String ip,
      java.util.Set<String> inGroup,
      boolean forced,
      boolean isDown) {
    JsonArray machine =
        new JsonArray().add(new JsonObject().put("hostname", hostname).put("ip", ip));
    String k = key(hostname, ip);
    String instance = instances.get(k);
    Future<Void> down =
        leading().compose(x -> isDown ? Future.succeededFuture() : mesos.machinesDown(machine));
    boolean terminates = instance != null && inGroup.contains(instance);
    return down.compose(
            v ->
                terminates
                    ? terminate(
                        p,
                        instance,
                        forced ? "drain hard cap " + p.drainHardCap() + " passed" : "drained")
                    : Future.<Void>succeededFuture())
        .compose(v -> mesos.machinesUp(machine))
        .onSuccess(
            v -> {
              instances.remove(k);
              pools.remove(k);
            })
        .map(terminates);
  }

  private Future<Void> terminate(PoolConfig p, String instanceId, String why) {
    return leading()
        .compose(x -> groups.terminate(instanceId))
        .compose(
            v -> {
              LOG.info("pool={} terminated {} ({})", p.name(), instanceId, why);
              return actions.publish(
                  p.name(), new AgentTerminated(p.name(), p.group(), instanceId, why));
            });
  }

  /** Kills the tasks, per app at most what its minimumHealthCapacity allows at once. */
  private Future<Void> moveTasks(List<String> taskIds) {
    Map<String, List<String>> byApp = new LinkedHashMap<>();
    for (String t : taskIds) {
      int dot = t.indexOf('.');
      String app = "/" + (dot < 0 ? t : t.substring(0, dot)).replace('_', '/');
      byApp.computeIfAbsent(app, x -> new ArrayList<>()).add(t);
    }
    List<Future<List<String>>> kills = new ArrayList<>();
    byApp.forEach(
        (app, tasks) ->
            kills.add(
                marathon
                    .appDetails(app)
                    .map(
                        d ->
                            Math.max(
                                1,
                                (int)
                                    Math.floor(
                                        d.app().instances() * (1 - d.minimumHealthCapacity()))))
                    .otherwise(1)
                    .compose(
                        k ->
                            leading()
                                .compose(
                                    x ->
                                        marathon.killTasks(
                                            tasks.subList(0, Math.min(k, tasks.size())))))));
    return Future.join(kills).mapEmpty();
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}

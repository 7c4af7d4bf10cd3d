package dev.pacer.agentscaler.drain;

import dev.pacer.agentscaler.PoolConfig;
import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.json.JsonLists;
import dev.pacer.common.mesos.Agent;
import dev.pacer.common.mesos.MesosMaster;
import dev.pacer.common.mesos.MesosState;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /agents/drain} ({@code pacer drain}): puts one agent of a pool in Mesos's maintenance
 * schedule, starting now, for the pool's {@code drain-hard-cap}. That is all it does, so any
 * replica may take it: the agent-scaler (the leader's) sees the machine in the schedule at its next
 * cycle and finishes the drain as its own (tasks moved through Marathon, machine down, exactly its
 * instance terminated, schedule cleaned).
 */
public final class HandDrain {
  private static final Logger LOG = LoggerFactory.getLogger(HandDrain.class);

  private final MesosMaster mesos;
  private final List<PoolConfig> pools;
  private final String instanceAttribute;
  private final Clock clock;

  public HandDrain(
      MesosMaster mesos, List<PoolConfig> pools, String instanceAttribute, Clock clock) {
    this.mesos = mesos;
    this.pools = pools;
    this.instanceAttribute = instanceAttribute;
    this.clock = clock;
  }

  public void mount(Router router, Handler<RoutingContext> requireToken) {
    AdminApi.readCommandBody(router, "/agents/drain");
    router.post("/agents/drain").handler(requireToken);
    router.post("/agents/drain").handler(this::handle);
  }

  /** A refusal the caller can fix: answered with its status and message. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private void handle(RoutingContext ctx) {
    JsonObject body = AdminApi.jsonBody(ctx);
    if (body == null
        || !(body.getValue("pool") instanceof String pool)
        || !(body.getValue("agent") instanceof String agent)
        || agent.isBlank()) {
      AdminApi.json(
          ctx, 400, AdminApi.error("expected {\"pool\": \"scaling\", \"agent\": \"<hostname>\"}"));
      return;
    }
    String who = body.getString("who", "");
    drain(pool, agent.strip(), who, body.getString("reason", ""))
        .onSuccess(answer -> AdminApi.json(ctx, 200, answer))
        .onFailure(
            e ->
                AdminApi.json(
                    ctx, e instanceof Refused r ? r.status : 502, AdminApi.error(e.getMessage())));
  }

  Future<JsonObject> drain(String poolName, String agent, String who, String reason) {
    Optional<PoolConfig> found = pools.stream().filter(p -> p.name().equals(poolName)).findFirst();
    if (found.isEmpty()) {
      return Future.failedFuture(
          new Refused(
              404,
              "no pool "
                  + poolName
                  + " (pacer.agent-scaler.pools has "
                  + pools.stream().map(PoolConfig::name).toList()
                  + ")"));
    }
    PoolConfig p = found.get();
    if (!p.hasProvider()) {
      return Future.failedFuture(
          new Refused(
              400,
              "pool "
                  + poolName
                  + " has no group: Pacer only observes it and would not finish a drain;"
                  + " drain it through Mesos's maintenance API"));
    }
    return mesos
        .state()
        .compose(
            state -> {
              Agent a =
                  MesosState.agents(state).stream()
                      .filter(x -> p.value().equals(x.attributes().get(p.attribute())))
                      .filter(x -> x.hostname().equalsIgnoreCase(agent) || x.id().equals(agent))
                      .findFirst()
                      .orElse(null);
              if (a == null) {
                return Future.failedFuture(
                    new Refused(
                        404,
                        "no agent "
                            + agent
                            + " in pool "
                            + poolName
                            + " (by hostname or agent id)"));
              }
              String instance = a.attributes().getOrDefault(instanceAttribute, "");
              if (instance.isEmpty()) {
                return Future.failedFuture(
                    new Refused(
                        400,
                        a.hostname()
                            + " has no "
                            + instanceAttribute
                            + " attribute: Pacer would not know which instance to terminate"));
              }
              String key = Drains.key(a.hostname(), a.ip());
              boolean[] already = {false};
              return mesos
                  .updateSchedule(
                      s -> {
                        if (Drains.scheduled(s).containsKey(key)) {
                          already[0] = true;
                          return s;
                        }
                        return JsonLists.append(s, "windows", window(a, p));
                      })
                  .map(
                      v -> {
                        LOG.info(
                            "pool={} {} ({}) put in the maintenance schedule by hand{}{}",
                            poolName,
                            a.hostname(),
                            instance,
                            who.isEmpty() ? "" : " by " + who,
                            reason.isEmpty() ? "" : ": " + reason);
                        return new JsonObject()
                            .put("pool", poolName)
                            .put("agent", a.hostname())
                            .put("ip", a.ip())
                            .put("instance-id", instance)
                            .put("tasks", a.tasks())
                            .put("already-scheduled", already[0]);
                      });
            });
  }

  private JsonObject window(Agent a, PoolConfig p) {
    java.time.Instant now = clock.instant();
    long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return new JsonObject()
        .put(
            "machine_ids",
            new JsonArray().add(new JsonObject().put("hostname", a.hostname()).put("ip", a.ip())))
        .put(
            "unavailability",
            new JsonObject()
                .put("start", new JsonObject().put("nanoseconds", nowNs))
                .put("duration", new JsonObject().put("nanoseconds", p.drainHardCap().toNanos())));
  }
}

package dev.pacer.collector;

import dev.pacer.collector.carbon.CarbonWriter;
import dev.pacer.collector.plan.UsageCalculator;
import dev.pacer.collector.read.AgentStatistics;
import dev.pacer.collector.read.ClusterState;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.events.types.CollectorDegraded;
import dev.pacer.common.mesos.MesosMaster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collector cycle: the leading master's state, every agent's statistics, the points of {@link
 * UsageCalculator} to carbon. Runs on the leader only, never two at once. Decides nothing itself:
 * what to write is the calculator's.
 */
public final class Collector {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

  /** What a cycle reads besides the masters. */
  public record Settings(String frameworkName, String poolAttribute, double maxMissing) {}

  private final MesosMaster master;
  private final AgentStatistics agents;
  private final CarbonWriter carbon;
  private final UsageCalculator calculator;
  private final Settings settings;
  private final ActionPublisher events;
  private final BooleanSupplier leader;
  private final Clock clock;
  private final Counter agentsRead;
  private final Counter agentsFailed;
  private final Timer cycleTime;
  private Future<Void> running = Future.succeededFuture();
  private volatile Map<String, Object> last = Map.of("cycle", "none yet");

  public Collector(
      MesosMaster master,
      AgentStatistics agents,
      CarbonWriter carbon,
      UsageCalculator calculator,
      Settings settings,
      ActionPublisher events,
      BooleanSupplier leader,
      Clock clock,
      MeterRegistry metrics) {
    this.master = master;
    this.agents = agents;
    this.carbon = carbon;
    this.calculator = calculator;
    this.settings = settings;
    this.events = events;
    this.leader = leader;
    this.clock = clock;
    this.agentsRead =
        Counter.builder("pacer.collector.agents.read")
            .description("agents whose /monitor/statistics answered")
            .register(metrics);
    this.agentsFailed =
        Counter.builder("pacer.collector.agents.failed")
            .description("agents that did not answer (timeout, refused, error, not the statistics)")
            .register(metrics);
    this.cycleTime =
        Timer.builder("pacer.collector.cycle")
            .description("one collector cycle: state, every agent, the points to carbon")
            .register(metrics);
    FunctionCounter.builder("pacer.collector.points.written", carbon, CarbonWriter::written)
        .description("points carbon's socket took")
        .register(metrics);
    FunctionCounter.builder("pacer.collector.points.dropped", carbon, CarbonWriter::dropped)
        .description("points dropped: the buffer was full while carbon was away, or a bad line")
        .register(metrics);
    Gauge.builder("pacer.collector.points.buffered", carbon, CarbonWriter::buffered)
        .description("points waiting for carbon")
        .register(metrics);
    Gauge.builder("pacer.collector.containers.remembered", calculator, UsageCalculator::remembered)
        .description("containers whose previous sample is held for their next rate")
        .register(metrics);
  }

  /** Starts a cycle unless one runs or this replica is not the leader; its future never fails. */
  public Future<Void> cycle() {
    if (!running.isComplete() || !leader.getAsBoolean()) {
      return Future.succeededFuture();
    }
    long t0 = System.nanoTime();
    running =
        master
            .state(
                body ->
                    ClusterState.parse(body, settings.frameworkName(), settings.poolAttribute()))
            .compose(
                state ->
                    agents
                        .read(state.agents(), state.frameworkId())
                        .map(reads -> write(state, reads, t0)))
            .recover(
                e -> {
                  LOG.warn("collector cycle failed, the next one retries: {}", e.getMessage());
                  last = Map.of("cycle", "failed", "error", String.valueOf(e.getMessage()));
                  return Future.succeededFuture();
                })
            .mapEmpty();
    return running;
  }

  private Void write(ClusterState state, List<dev.pacer.collector.plan.AgentRead> reads, long t0) {
    UsageCalculator.Cycle c = calculator.cycle(state.tasks(), reads, state.pools());
    Map<String, Double> points = new LinkedHashMap<>();
    c.points().forEach(p -> points.put(p.path(), p.value()));
    carbon.write(points, clock.instant().getEpochSecond());
    agentsRead.increment(c.agentsRead());
    agentsFailed.increment(c.agentsFailed().size());
    long nanos = System.nanoTime() - t0;
    cycleTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    degraded(c, reads.size());
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("at", clock.instant().toString());
    s.put("agents-read", c.agentsRead());
    s.put("agents-failed", c.agentsFailed());
    s.put("apps-written", c.appsWritten());
    s.put("points", c.points().size());
    s.put("degraded", c.degraded());
    s.put("duration-ms", nanos / 1_000_000);
    s.put("not-written", c.held().size());
    last = s;
    return null;
  }

  /** Says {@code pacer.collector.degraded} when the calculator says it is news. */
  private void degraded(UsageCalculator.Cycle c, int agentCount) {
    if (!c.sayDegraded()) {
      return;
    }
    LOG.warn(
        "{} of {} agents did not answer (more than {}): only apps whose every task was sampled"
            + " are written; missing: {}",
        c.agentsFailed().size(),
        agentCount,
        settings.maxMissing(),
        c.agentsFailed());
    events
        .publish(
            "collector", new CollectorDegraded(c.agentsFailed(), agentCount, settings.maxMissing()))
        .onFailure(e -> LOG.warn("pacer.collector.degraded not published: {}", e.toString()));
  }

  /** For {@code /status}: the last cycle and carbon's connection. */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("last-cycle", last);
    s.put("carbon", carbon.status());
    s.put("containers-remembered", calculator.remembered());
    return s;
  }

  /** Completes when no cycle runs. */
  public Future<Void> idle() {
    return running;
  }
}

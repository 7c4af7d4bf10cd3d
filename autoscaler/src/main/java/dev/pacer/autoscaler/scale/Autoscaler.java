package dev.pacer.autoscaler.scale;

import dev.pacer.autoscaler.metrics.MetricQuery;
import dev.pacer.autoscaler.metrics.MetricsSource;
import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.plan.Hold;
import dev.pacer.autoscaler.plan.ScaleDecider;
import dev.pacer.autoscaler.plan.ScaleDecision;
import dev.pacer.autoscaler.plan.ScaleDecision.Keep;
import dev.pacer.autoscaler.plan.ScaleDecision.ScaleTo;
import dev.pacer.autoscaler.plan.ScaleInput;
import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseView;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.events.types.LabelInvalid;
import dev.pacer.common.events.types.ScaleApplied;
import dev.pacer.common.events.types.ScaleDryRun;
import dev.pacer.common.events.types.ScaleEvent;
import dev.pacer.common.events.types.ScaleHeld;
import dev.pacer.common.marathon.MarathonApp;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.MarathonException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One autoscaling cycle over every app with an {@code autoscale} label: read the apps (one
 * listing), read the metrics of those that could change (one batched read), decide each with the
 * pure {@link ScaleDecider}, apply the changes (instances only, never forced), publish. A failure
 * reading one app's metric or changing one app holds that app only. Cycles never overlap: one that
 * is asked for while another runs is skipped and counted. Runs on the autoscaler's event loop.
 *
 * <p>With HA, only the leader runs cycles, and each change asks again just before it is made: a
 * replica that lost its ZooKeeper session mid-cycle makes no further change.
 */
public final class Autoscaler {
  private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);

  /** {@code dryRun}: decide and publish {@code pacer.scale.dry_run}, change nothing. */
  public record Settings(boolean dryRun) {}

  /** What a cycle did; the last one is in {@code /status}. */
  public record CycleReport(
      Instant started,
      Duration took,
      int apps,
      int scaled,
      int held,
      int invalid,
      long graphiteRequests) {}

  private final MarathonClient marathon;
  private final MetricsSource metrics;
  private final PauseView pauses;
  private final ActionPublisher actions;
  private final Settings settings;
  private final java.util.function.BooleanSupplier mayAct;
  private final MeterRegistry meters;
  private final Timer cycleTimer;
  private final Clock clock;
  private final Policies policies;
  private final Recommendations recommendations = new Recommendations();
  // Written by the cycle; read by /status from the HTTP thread.
  private final Map<String, AppRecord> records = new ConcurrentHashMap<>();
  private volatile CycleReport last;
  private volatile long skippedCycles;
  private volatile long cycles;
  private volatile long followerCycles;
  private boolean running;
  private Future<CycleReport> current = Future.succeededFuture();

  public Autoscaler(
      MarathonClient marathon,
      MetricsSource metrics,
      PauseView pauses,
      ActionPublisher actions,
      Settings settings,
      java.util.function.BooleanSupplier mayAct,
      Clock clock,
      MeterRegistry meters) {
    this.meters = meters;
    this.cycleTimer =
        Timer.builder("pacer.autoscaler.cycle")
            .description("one autoscaling cycle: list apps, read Graphite, decide, apply")
            .register(meters);
    decision("up", "above_band");
    decision("down", "below_band");
    for (Hold h : Hold.values()) {
      decision("hold", h.name().toLowerCase(java.util.Locale.ROOT));
    }
    this.marathon = marathon;
    this.mayAct = mayAct;
    this.metrics = metrics;
    this.pauses = pauses;
    this.actions = actions;
    this.settings = settings;
    this.clock = clock;
    this.policies =
        new Policies(
            (appId, label, reason) -> {
              LOG.warn("app={} autoscale label skipped: {}", appId, reason);
              actions.publish(appId, LabelInvalid.of("autoscale", label, reason));
            });
  }

  /** An app this cycle: what Marathon said, its policy, and its sample once read. */
  private record Candidate(MarathonApp app, AutoscalePolicy policy, boolean read) {}

  /** Runs one cycle, unless one is running: then it is skipped, and the future says so. */
  public Future<CycleReport> cycle() {
    if (!mayAct.getAsBoolean()) {
      followerCycles++;
      primed = false; // once leader again, its first cycle learns the holds afresh, silently
      return Future.failedFuture(new IllegalStateException("not the leader: the leader scales"));
    }
    if (running) {
      skippedCycles++;
      LOG.warn("autoscale cycle skipped: the previous one is still running");
      return Future.failedFuture(new IllegalStateException("the previous cycle is still running"));
    }
    running = true;
    Instant started = clock.instant();
    long requestsBefore = metrics.requests();
    current =
        marathon
            .listApps(AutoscaleLabel.NAME)
            .compose(this::readMetrics)
            .compose(c -> decideAndApply(c.candidates(), c.samples()))
            .map(
                counts -> {
                  CycleReport r =
                      new CycleReport(
                          started,
                          Duration.between(started, clock.instant()),
                          counts[0],
                          counts[1],
                          counts[2],
                          counts[3],
                          metrics.requests() - requestsBefore);
                  last = r;
                  cycles++;
                  primed = true;
                  cycleTimer.record(r.took());
                  LOG.info(
                      "autoscale cycle: {} apps, {} scaled, {} held, {} invalid, {} graphite requests,"
                          + " {} ms",
                      r.apps(),
                      r.scaled(),
                      r.held(),
                      r.invalid(),
                      r.graphiteRequests(),
                      r.took().toMillis());
                  return r;
                })
            .onFailure(e -> LOG.warn("autoscale cycle failed, next one retries: {}", e.toString()))
            .onComplete(x -> running = false);
    return current;
  }

  /** Completes when no cycle runs: a stop lets the running cycle finish its PUTs and events. */
  public Future<Void> idle() {
    return current.<Void>mapEmpty().otherwiseEmpty();
  }

  private record Read(List<Candidate> candidates, Map<String, Sample> samples) {}

  private Future<Read> readMetrics(List<MarathonApp> apps) {
    Instant now = clock.instant();
    List<Candidate> candidates = new ArrayList<>(apps.size());
    List<MetricQuery> queries = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (MarathonApp app : apps) {
      ids.add(app.id());
      AutoscalePolicy policy = policies.policy(app.id(), app.labels().get(AutoscaleLabel.NAME));
      boolean paused = pauses.covering(app.id(), now).isPresent();
      // Suspended, paused or deploying apps hold whatever their metric says: not read.
      boolean read =
          policy != null && app.instances() > 0 && !paused && !app.hasDeploymentInFlight();
      if (read) {
        for (int i = 0; i < policy.metrics().size(); i++) {
          queries.add(
              new MetricQuery(
                  MetricQuery.key(app.id(), i),
                  policy.metrics().get(i).target(),
                  policy.window(),
                  policy.aggregation()));
        }
      }
      candidates.add(new Candidate(app, policy, read));
    }
    policies.retain(ids);
    records.keySet().retainAll(ids);
    recommendations.retain(ids);
    return metrics.samples(queries).map(s -> new Read(candidates, s));
  }

  /** Returns {apps, scaled, held, invalid}. */
  private Future<int[]> decideAndApply(List<Candidate> candidates, Map<String, Sample> samples) {
    Instant now = clock.instant();
    int[] counts = {candidates.size(), 0, 0, 0};
    List<Future<Void>> applied = new ArrayList<>();
    for (Candidate c : candidates) {
      MarathonApp app = c.app();
      if (c.policy() == null) {
        counts[3]++;
        record(
            app,
            null,
            new Keep(Hold.INVALID, "label does not parse"),
            ScaleEvents.Reading.NONE,
            now);
        continue;
      }
      List<Sample> read = new ArrayList<>(c.policy().metrics().size());
      for (int i = 0; i < c.policy().metrics().size(); i++) {
        read.add(
            c.read()
                ? samples.getOrDefault(
                    MetricQuery.key(app.id(), i), new Sample.NoData("no sample was read"))
                : new Sample.NoData(
                    "not read this cycle (paused, suspended or deploying when it began)"));
      }
      ScaleInput input =
          new ScaleInput(
              c.policy(),
              app.instances(),
              app.hasDeploymentInFlight(),
              app.lastScalingAt(),
              app.lastConfigChangeAt(),
              read,
              pausedBecause(app.id(), now),
              now,
              recommendations.history(app.id(), c.policy(), now));
      ScaleDecision d = ScaleDecider.decide(input);
      recommendations.add(app.id(), c.policy(), now, ScaleDecider.recommended(input));
      ScaleEvents.Reading sample = ScaleEvents.deciding(c.policy(), app.instances(), read);
      if (d instanceof ScaleTo to) {
        if (to.to() > app.instances()) {
          decision("up", "above_band").increment();
        } else {
          decision("down", "below_band").increment();
        }
        // counted once Marathon took it: a 409 or a failure makes it a hold
        applied.add(apply(app, c.policy(), to, sample).map(ok -> counts[ok ? 1 : 2]++).mapEmpty());
      } else {
        counts[2]++;
        decision("hold", ((Keep) d).kind().name().toLowerCase(java.util.Locale.ROOT)).increment();
        held(app, c.policy(), (Keep) d, sample, now);
      }
    }
    return Future.join(applied).map(counts).otherwise(counts);
  }

  /** {@code pacer.autoscaler.decisions{decision=up|down|hold, reason}}: one a cycle per app. */
  private Counter decision(String decision, String reason) {
    return Counter.builder("pacer.autoscaler.decisions")
        .description("scale decisions, by decision and reason (the hold's kind)")
        .tag("decision", decision)
        .tag("reason", reason)
        .register(meters);
  }

  /**
   * Asked again at decision time, not taken from the cycle's start: a pause a runbook sets while a
   * cycle reads Graphite holds that very cycle.
   */
  private String pausedBecause(String appId, Instant now) {
    return pauses.covering(appId, now).map(Pause::describe).orElse(null);
  }

  /** Succeeds with true when the change was made (or published as a dry run), false when held. */
  private Future<Boolean> apply(
      MarathonApp app, AutoscalePolicy policy, ScaleTo to, ScaleEvents.Reading sample) {
    if (!mayAct.getAsBoolean()) {
      LOG.warn("app={} not scaled to {}: this replica is no longer the leader", app.id(), to.to());
      held(app, policy, new Keep(Hold.NOT_LEADER, "no longer the leader"), sample, clock.instant());
      return Future.succeededFuture(false);
    }
    Instant at = clock.instant();
    ScaleEvent.Facts facts =
        ScaleEvents.facts(app, policy, to.reason(), sample, pausedBecause(app.id(), at), at);
    if (settings.dryRun() || policy.dryRun()) {
      String why = settings.dryRun() ? "pacer.autoscaler.dry-run" : "label dryRun";
      record(app, policy, to, sample, clock.instant());
      return actions
          .publish(app.id(), new ScaleDryRun(facts, to.to(), why))
          .map(true)
          .otherwise(true);
    }
    return marathon
        .scale(app.id(), to.to(), false)
        .compose(
            ref -> {
              record(app, policy, to, sample, clock.instant());
              return actions
                  .publish(app.id(), new ScaleApplied(facts, to.to(), ref.deploymentId()))
                  .map(true)
                  .otherwise(true);
            },
            err -> {
              Keep keep =
                  err instanceof MarathonException.AppLocked locked
                      ? new Keep(
                          Hold.LOCKED,
                          "Marathon: "
                              + app.id()
                              + " is locked by deployment(s) "
                              + locked.deploymentIds()
                              + "; not forced, tried again next cycle")
                      : new Keep(
                          Hold.FAILED,
                          "Marathon did not take " + to.to() + " instances: " + err.getMessage());
              held(app, policy, keep, sample, clock.instant());
              return Future.succeededFuture(false);
            });
  }

  /**
   * Whether a cycle as leader has run since the start (or since leadership came back). The holds of
   * the first one are what a restart finds, not news (Slack heard of them before the restart):
   * their events say {@code after-start: true}, and Slack does not post them.
   */
  private volatile boolean primed;

  /**
   * Publishes {@code pacer.scale.held} when the kind of hold changes, never every cycle; in the
   * first cycle after a start, with {@code after-start: true}.
   */
  private void held(
      MarathonApp app, AutoscalePolicy policy, Keep keep, ScaleEvents.Reading sample, Instant now) {
    AppRecord previous = records.get(app.id());
    Hold before = previous == null ? null : previous.hold();
    record(app, policy, keep, sample, now);
    if (keep.kind() != before && !keep.kind().quiet()) {
      actions.publish(
          app.id(),
          new ScaleHeld(
              ScaleEvents.facts(
                  app, policy, keep.reason(), sample, pausedBecause(app.id(), now), now),
              keep.kind().name().toLowerCase(java.util.Locale.ROOT),
              !primed));
    }
  }

  /** What {@code /status} shows of one app, and its hold (said once while it lasts). */
  record AppRecord(Hold hold, Map<String, Object> view) {}

  private void record(
      MarathonApp app,
      AutoscalePolicy policy,
      ScaleDecision d,
      ScaleEvents.Reading sample,
      Instant at) {
    Map<String, Object> v =
        ScaleEvents.data(
            ScaleEvents.facts(app, policy, d.reason(), sample, pausedBecause(app.id(), at), at));
    if (d instanceof ScaleTo to) {
      v.put("decision", settings.dryRun() || policy.dryRun() ? "dry_run" : "scaled");
      v.put("to", to.to());
    } else {
      v.put("decision", "held");
      v.put("hold", ((Keep) d).kind().name().toLowerCase(java.util.Locale.ROOT));
    }
    v.put("at", at.toString());
    records.put(app.id(), new AppRecord(d instanceof Keep k ? k.kind() : null, v));
  }

  /** What the last cycle decided for each app (as {@code /status} shows it). */
  public dev.pacer.common.journal.StateViews.Part views() {
    return dev.pacer.common.journal.StateViews.part(
        id -> {
          AppRecord r = records.get(id); // one read: a cycle may drop the app meanwhile
          return r == null ? Map.of() : r.view();
        },
        records::keySet);
  }

  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("apps", records.size());
    Map<String, Object> shown = new LinkedHashMap<>();
    records.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .limit(100)
        .forEach(e -> shown.put(e.getKey(), e.getValue().view()));
    s.put("app-states", shown);
    if (records.size() > 100) {
      s.put("apps-not-shown", records.size() - 100);
    }
    s.put("skipped", policies.skipped());
    CycleReport r = last;
    if (r != null) {
      s.put("last-cycle", ScaleEvents.cycle(r));
    }
    s.put("cycles", cycles);
    s.put("cycles-as-follower", followerCycles);
    s.put("cycles-skipped", skippedCycles);
    return s;
  }

  Optional<CycleReport> lastCycle() {
    return Optional.ofNullable(last);
  }
}

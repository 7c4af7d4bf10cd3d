package dev.pacer.autodeployer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.plan.LaneInput.Ending;
import dev.pacer.autodeployer.plan.LaneInput.Manifest;
import dev.pacer.common.marathon.DeploymentRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The lane's invariants under any interleaving: pushes in any order at any moment, answers late,
 * failing, locked, timers firing at any time including long after their wait. A small world plays
 * Marathon and the registry; no IO.
 */
class LaneMachinePropertiesTest {

  /** What can happen next: a push of number {@code n}, or the world answers (or a stale timer). */
  record Event(int kind, int n) {}

  @Provide
  Arbitrary<List<Event>> histories() {
    Arbitrary<Event> e =
        Arbitraries.integers()
            .between(0, 9)
            .flatMap(k -> Arbitraries.integers().between(1, 40).map(n -> new Event(k, n)));
    return e.list().ofMinSize(1).ofMaxSize(80);
  }

  /** Marathon and the registry as the lane sees them, answering its effects. */
  static final class World {
    final LaneMachine machine = new LaneMachine(LaneTables.SETTINGS);
    final Random random;
    LaneState lane = LaneState.idle(LaneTables.APP);
    String image = LaneTables.image(0);
    Map<String, String> labels = new HashMap<>(Map.of("autodeploy", "acme/web:master*"));
    int deployments;
    final List<LaneEffect> pending = new ArrayList<>(); // asked for, not answered yet
    final List<LaneInput.TimerFired> timers = new ArrayList<>(); // every timer ever armed
    final Map<Long, Integer> tickets = new HashMap<>(); // ticket -> times completed
    final Set<Long> issued = new HashSet<>();
    int putsInFlight;
    int maxPutsInFlight;
    int staleActed;
    long nextTicket = 1;

    World(long seed) {
      random = new Random(seed);
    }

    void feed(LaneInput in) {
      LaneState before = lane;
      boolean stale = staleFor(before, in);
      LaneMachine.Transition t = machine.step(lane, in, LaneTables.T0.plusSeconds(60));
      lane = t.state();
      if (stale && (!lane.equals(before) || t.effects().stream().anyMatch(e -> !isDebug(e)))) {
        staleActed++;
      }
      for (LaneEffect e : t.effects()) {
        if (e instanceof LaneEffect.Put) {
          putsInFlight++;
          maxPutsInFlight = Math.max(maxPutsInFlight, putsInFlight);
        }
        if (e instanceof LaneEffect.Complete c) {
          tickets.merge(c.ticket(), 1, Integer::sum);
        } else if (e instanceof LaneEffect.Publish p && p.ticket() != 0) {
          tickets.merge(p.ticket(), 1, Integer::sum);
        } else if (e instanceof LaneEffect.Arm a) {
          timers.add(new LaneInput.TimerFired(a.epoch(), a.timer()));
        } else if (!(e instanceof LaneEffect.Log || e instanceof LaneEffect.CountSkipped)) {
          pending.add(e);
        }
      }
    }

    static boolean isDebug(LaneEffect e) {
      return e instanceof LaneEffect.Log l && l.level() == LaneEffect.Level.DEBUG;
    }

    /** An answer the lane does not wait for (its epoch is gone). */
    static boolean staleFor(LaneState lane, LaneInput in) {
      return in instanceof LaneInput.TimerFired t && t.epoch() != lane.epoch()
          || in instanceof LaneInput.Unlocked u && u.epoch() != lane.epoch();
    }

    void push(int n) {
      long ticket = nextTicket++;
      issued.add(ticket);
      feed(new LaneInput.Push(LaneTables.push(n), ticket));
    }

    /** Answers the oldest pending effect; {@code how} picks success or one kind of failure. */
    void answer(int how) {
      if (pending.isEmpty()) {
        return;
      }
      LaneEffect e = pending.remove(0);
      if (e instanceof LaneEffect.ReadApp r) {
        feed(
            how == 1
                ? new LaneInput.Failed(r.epoch(), new LaneInput.Passing("503", null))
                : how == 2 && r.forPush()
                    ? new LaneInput.Failed(
                        r.epoch(), new LaneInput.Locked(List.of("x"), "locked", null))
                    : new LaneInput.AppRead(
                        r.epoch(), app(), r.forPush() ? LaneTables.POLICY : null));
      } else if (e instanceof LaneEffect.CheckManifest c) {
        feed(
            new LaneInput.ManifestChecked(
                c.epoch(), how == 1 ? Manifest.ABSENT : Manifest.PRESENT, 1));
      } else if (e instanceof LaneEffect.Put p) {
        putsInFlight--;
        if (how == 1) {
          // a 503 Marathon never applied: the lane reads back, finds it did not take
          feed(new LaneInput.Failed(p.epoch(), new LaneInput.Unanswered("503", null)));
        } else {
          image = p.deploy().image();
          labels.putAll(p.deploy().labels());
          feed(new LaneInput.Accepted(p.epoch(), new DeploymentRef("d" + ++deployments, "v")));
        }
      } else if (e instanceof LaneEffect.ReadBack r) {
        feed(new LaneInput.ReadBack(r.epoch(), app(), List.of(), r.original()));
      } else if (e instanceof LaneEffect.Track t) {
        feed(new LaneInput.Ended(t.epoch(), Ending.SUCCEEDED, ""));
      } else if (e instanceof LaneEffect.AwaitUnlock u) {
        feed(new LaneInput.Unlocked(u.epoch()));
      } else if (e instanceof LaneEffect.Revert || e instanceof LaneEffect.Restore) {
        throw new AssertionError("nothing failed, yet the lane rolls back: " + e);
      }
    }

    dev.pacer.common.marathon.MarathonApp app() {
      return new dev.pacer.common.marathon.MarathonApp(
          LaneTables.APP,
          3,
          image,
          labels,
          "v",
          LaneTables.T0,
          LaneTables.T0,
          List.of(),
          3,
          3,
          0,
          0,
          null);
    }

    /** Fires any timer ever armed, current or long stale. */
    void fireSomeTimer() {
      if (!timers.isEmpty()) {
        feed(timers.get(random.nextInt(timers.size())));
      }
    }

    /** Every effect answered with success until the lane rests. */
    void settle() {
      for (int i = 0;
          i < 1000 && (!pending.isEmpty() || lane.busy() || lane.queued() != null);
          i++) {
        if (pending.isEmpty()) {
          // a queued push after a failure waits for its retry timer: fire the current one
          timers.stream().filter(t -> t.epoch() == lane.epoch()).findFirst().ifPresent(this::feed);
          if (pending.isEmpty()) {
            break;
          }
        } else {
          answer(0);
        }
      }
    }
  }

  void play(World w, List<Event> history) {
    for (Event e : history) {
      switch (e.kind()) {
        case 0, 1, 2 -> w.push(e.n());
        case 3 -> w.fireSomeTimer();
        case 4 -> w.answer(1); // a failure: 503, or the tag not there
        case 5 -> w.answer(2); // locked by someone else
        default -> w.answer(0);
      }
    }
  }

  @Property
  void neverTwoPutsInFlight(@ForAll("histories") List<Event> history, @ForAll long seed) {
    World w = new World(seed);
    play(w, history);
    w.settle();
    Statistics.collect(w.deployments > 1 ? "several deploys" : "at most one");
    Statistics.coverage(cov -> cov.check("several deploys").percentage(p -> p > 20));
    assertThat(w.maxPutsInFlight).isLessThanOrEqualTo(1);
  }

  @Property
  void aStaleTimerOrWaitNeverActs(@ForAll("histories") List<Event> history, @ForAll long seed) {
    World w = new World(seed);
    play(w, history);
    for (int i = 0; i < 20; i++) {
      w.fireSomeTimer();
    }
    Statistics.collect(w.timers.size() > 1 ? "several timers" : "few timers");
    Statistics.coverage(cov -> cov.check("several timers").percentage(p -> p > 5));
    assertThat(w.staleActed).isZero();
  }

  /** Whatever happened, once the world answers everything, the app runs the newest push. */
  @Property
  void theNewestPushWins(@ForAll("histories") List<Event> history, @ForAll long seed) {
    World w = new World(seed);
    play(w, history);
    // the newest pushes, delivered again as the backbone would after a failure
    int newest = history.stream().filter(e -> e.kind() <= 2).mapToInt(Event::n).max().orElse(0);
    w.settle();
    if (newest > 0) {
      w.push(newest);
      w.settle();
    }
    Statistics.collect(newest > 0 ? "pushed" : "no push");
    Statistics.coverage(cov -> cov.check("pushed").percentage(p -> p > 80));
    assertThat(w.image).isEqualTo(LaneTables.image(newest));
    assertThat(w.lane.busy()).isFalse();
  }

  @Property
  void everyPushIsAnsweredExactlyOnce(@ForAll("histories") List<Event> history, @ForAll long seed) {
    World w = new World(seed);
    play(w, history);
    w.settle();
    assertThat(w.tickets.keySet()).isEqualTo(w.issued);
    assertThat(w.tickets.values()).allMatch(n -> n == 1);
  }
}

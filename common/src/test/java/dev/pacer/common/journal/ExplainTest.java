package dev.pacer.common.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.AgentDraining;
import dev.pacer.common.events.types.DeployEvent;
import dev.pacer.common.events.types.DeployRolledBack;
import dev.pacer.common.events.types.DeploySkipped;
import dev.pacer.common.events.types.DeploySucceeded;
import dev.pacer.common.events.types.EventData;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.PauseEvent;
import dev.pacer.common.events.types.PauseSet;
import dev.pacer.common.events.types.PoolHeld;
import dev.pacer.common.events.types.PoolInputs;
import dev.pacer.common.events.types.PushMatched;
import dev.pacer.common.events.types.ScaleApplied;
import dev.pacer.common.events.types.ScaleEvent;
import dev.pacer.common.events.types.ScaleHeld;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each decision the issue names, as its daemon publishes it (the typed event, through the wire form
 * the journal keeps): its timeline line names the decision and its inputs, and the sentences of
 * {@code pacer explain} say it.
 */
class ExplainTest {
  static final Instant T = Decisions.T;
  final Explain explain = new Explain(ZoneOffset.UTC);
  final List<JournalEntry> journal = new ArrayList<>();

  void publish(String subject, Instant at, EventData d) {
    PacerEvent e = EventTypes.event("pacer/test", subject, at, d);
    journal.addAll(JournalEntries.of(e));
  }

  List<JournalEntry> timeline(String kind, String subject) {
    return journal.stream()
        .filter(e -> e.kind().equals(kind) && e.subject().equals(subject))
        .sorted(Comparator.comparing(JournalEntry::at).reversed())
        .toList();
  }

  static ScaleEvent.Facts facts(int n, Double value, String reason, Instant upCd, Instant downCd) {
    return Decisions.scale(n, value, reason, upCd, downCd);
  }

  static DeployEvent.Facts deploy(String image, String previous, String reason) {
    return Decisions.deploy(image, previous, reason);
  }

  @Test
  void aScaleUpThenAHoldByCooldownAreSaidWithTheMetricTheBandAndTheDeadline() {
    publish(
        "/shop/web",
        T,
        new ScaleApplied(facts(3, 0.91, "0.91 is above up 0.7", null, null), 5, "d"));
    Instant until = T.plus(Duration.ofMinutes(15));
    publish(
        "/shop/web",
        T.plusSeconds(60),
        new ScaleHeld(
            facts(
                5,
                0.31,
                "0.31 is below down 0.4; scaling down to 4 waits for the cooldown until " + until,
                null,
                until),
            "cooldown",
            false));
    List<JournalEntry> t = timeline(JournalEntry.APP, "/shop/web");
    assertThat(explain.line(t.get(1)))
        .isEqualTo(
            "10:42:00  scaled 3 → 5: 0.91 is above up 0.7 [0.91 in band 0.4–0.7, bounds 2–10]");
    assertThat(explain.line(t.get(0)))
        .contains("held at 5 (cooldown)")
        .contains("down-cooldown until 2026-12-04T10:57:00Z");
    assertThat(explain.app("/shop/web", t, Map.of()))
        .containsExactly(
            "/shop/web is at 5 instances, set at 10:42:00 from 3 because 0.91 is above up 0.7"
                + " (band 0.4–0.7).",
            "It would scale down now (0.31 is below down 0.4) but its down-cooldown lasts until"
                + " 10:57:00.",
            "Not paused.");
  }

  @Test
  void theLastCyclesScaleIsTheCountNotTheCountItScaledFrom() {
    publish(
        "/shop/web", T, new ScaleApplied(facts(4, 0.9, "0.9 is above up 0.7", null, null), 6, "d"));
    Map<String, Object> state =
        Map.of(
            "autoscale", Map.of("instances", 4, "to", 6, "decision", "scaled", "min", 2, "max", 6));
    assertThat(explain.app("/shop/web", timeline(JournalEntry.APP, "/shop/web"), state).get(0))
        .startsWith("/shop/web is at 6 instances (bounds 2–6), set at 10:42:00 from 4 because");
  }

  @Test
  void aHoldOnMissingDataSaysPacerNeverScalesInWithoutData() {
    publish(
        "/shop/web",
        T,
        new ScaleHeld(
            facts(4, null, "Graphite returned only nulls", null, null), "no_data", false));
    List<JournalEntry> t = timeline(JournalEntry.APP, "/shop/web");
    assertThat(explain.line(t.get(0)))
        .isEqualTo(
            "10:42:00  held at 4 (no data): Graphite returned only nulls [no value in band 0.4–0.7,"
                + " bounds 2–10]");
    assertThat(explain.app("/shop/web", t, Map.of()))
        .contains(
            "It holds on missing data: Graphite returned only nulls; Pacer never scales in without"
                + " data.");
  }

  /** A stabilization hold is not published (it is the policy at work): the state says it. */
  @Test
  void aStabilizationWindowHoldIsSaidFromTheState() {
    Map<String, Object> state =
        Map.of(
            "autoscale",
            Map.of(
                "instances",
                10,
                "decision",
                "held",
                "hold",
                "stabilizing",
                "reason",
                "0.1 is below down 0.4; scaleDownStabilization 5m allows 10, the highest"
                    + " recommendation in it"));
    assertThat(explain.app("/shop/web", timeline(JournalEntry.APP, "/shop/web"), state))
        .contains(
            "It holds for its stabilization window: 0.1 is below down 0.4; scaleDownStabilization"
                + " 5m allows 10, the highest recommendation in it.");
  }

  @Test
  void aPauseIsSaidWithWhoUntilAndWhy() {
    publish(
        "",
        T,
        new PauseSet(
            new PauseEvent.Facts("/shop/web", T, T.plusSeconds(3600), "incident 42", "alice")));
    List<JournalEntry> t = timeline(JournalEntry.APP, "/shop/web");
    assertThat(explain.line(t.get(0)))
        .isEqualTo("10:42:00  paused /shop/web until 2026-12-04T11:42:00Z by alice: incident 42");
    Map<String, Object> state =
        Map.of(
            "pause", Map.of("describe", "paused by alice until 2026-12-04T11:42:00Z: incident 42"));
    assertThat(explain.app("/shop/web", t, state))
        .containsExactly("It is paused by alice until 2026-12-04T11:42:00Z: incident 42.");
  }

  @Test
  void aDeployAndThePushesSkippedAsOlderOrAlreadyRunningAreSaidWithTheirRule() {
    publish("/shop/web", T, new DeploySucceeded(deploy("r.io/shop/web:2.4.1", null, "push")));
    publish(
        "/shop/web",
        T.plusSeconds(60),
        new DeploySkipped(
            deploy("r.io/shop/web:2.4.0", null, "pushed 10:30, before 10:41 of what it runs"),
            "older"));
    List<JournalEntry> t = timeline(JournalEntry.APP, "/shop/web");
    assertThat(explain.line(t.get(0)))
        .isEqualTo(
            "10:43:00  push of r.io/shop/web:2.4.0 (sha256:abababababab…) not deployed (older):"
                + " pushed 10:30, before 10:41 of what it runs");
    assertThat(explain.app("/shop/web", t, Map.of()))
        .containsExactly(
            "The push of r.io/shop/web:2.4.0 at 10:43:00 was not deployed: it is older than what"
                + " the app runs (never a downgrade) (pushed 10:30, before 10:41 of what it runs).",
            "It runs r.io/shop/web:2.4.1, deployed at 10:42:00.");
    publish(
        "/shop/web",
        T.plusSeconds(120),
        new DeploySkipped(
            deploy("r.io/shop/web:2.4.1", null, "already runs it"), "already-running"));
    assertThat(explain.app("/shop/web", timeline(JournalEntry.APP, "/shop/web"), Map.of()).get(0))
        .contains("was not deployed: the app already runs it");
    // the image's own timeline says which app each entry is about
    assertThat(
            explain.image(
                "r.io/shop/web:2.4.1", timeline(JournalEntry.IMAGE, "r.io/shop/web:2.4.1")))
        .containsExactly("r.io/shop/web:2.4.1: no push of it is in the journal.");
  }

  @Test
  void aRollbackSaysToWhatFromWhatByWhomAndWhy() {
    publish(
        "/shop/web",
        T,
        new DeployRolledBack(
            deploy("r.io/shop/web:2.4.0", "r.io/shop/web:2.4.1", "deployment d-1 failed"), "bob"));
    List<JournalEntry> t = timeline(JournalEntry.APP, "/shop/web");
    assertThat(explain.app("/shop/web", t, Map.of()))
        .containsExactly(
            "It was rolled back at 10:42:00 to r.io/shop/web:2.4.0 from r.io/shop/web:2.4.1 by"
                + " bob: deployment d-1 failed.");
  }

  @Test
  void aQuarantineAFreezeAndADryRunAreSaid() {
    publish(
        "/shop/q",
        T,
        new DeployRolledBack(
            deploy("r.io/shop/q:2.4.0", "r.io/shop/q:2.4.1", "put the previous image back"),
            null,
            "sha256:bad"));
    assertThat(explain.app("/shop/q", timeline(JournalEntry.APP, "/shop/q"), Map.of()))
        .containsExactly(
            "It was rolled back at 10:42:00 to r.io/shop/q:2.4.0 from r.io/shop/q:2.4.1: put the"
                + " previous image back. sha256:bad is quarantined for it: never deployed to it"
                + " again automatically until lifted (pacer quarantine lift).");
    publish(
        "/shop/f",
        T,
        new dev.pacer.common.events.types.DeployHeld(
            deploy("r.io/shop/f:2", "r.io/shop/f:1", "held"),
            "deploys frozen by alice until 12:00"));
    List<JournalEntry> held = timeline(JournalEntry.APP, "/shop/f");
    assertThat(explain.app("/shop/f", held, Map.of()))
        .containsExactly(
            "The push of r.io/shop/f:2 at 10:42:00 waits for a deploy freeze (deploys frozen by"
                + " alice until 12:00); it deploys when the freeze ends.");
    assertThat(explain.line(held.get(0)))
        .isEqualTo(
            "10:42:00  push of r.io/shop/f:2 (sha256:abababababab…) held: deploys frozen by alice"
                + " until 12:00");
    publish(
        "/shop/d",
        T,
        new dev.pacer.common.events.types.DeployDryRun(
            deploy("r.io/shop/d:2", "r.io/shop/d:1", "r.io/shop/d:2 matches shop/d:*")));
    assertThat(explain.app("/shop/d", timeline(JournalEntry.APP, "/shop/d"), Map.of()))
        .containsExactly(
            "A dry run: it would have deployed r.io/shop/d:2 at 10:42:00 (r.io/shop/d:2 matches"
                + " shop/d:*); its autodeploy label says dryRun = true.");
    assertThat(Explain.rule("quarantined"))
        .isEqualTo("its digest is quarantined for this app (it was rolled back)");
    assertThat(Explain.rule("policy")).isEqualTo("the label's tag policy does not take it");
    publish(
        "/shop/a",
        T,
        new dev.pacer.common.events.types.DeployApproval(
            deploy("r.io/shop/a:2", "r.io/shop/a:1", "rejected by bob: not today"),
            "3f2a9c1d",
            "rejected",
            2,
            T.plusSeconds(3600),
            List.of(
                new dev.pacer.common.events.types.DeployApproval.Vote(
                    "alice", "", "approve", "cli", T, ""),
                new dev.pacer.common.events.types.DeployApproval.Vote(
                    "bob", "", "reject", "cli", T, "not today")),
            null));
    List<JournalEntry> approval = timeline(JournalEntry.APP, "/shop/a");
    assertThat(explain.app("/shop/a", approval, Map.of()))
        .containsExactly(
            "Approval 3f2a9c1d of r.io/shop/a:2 at 10:42:00 was rejected, so it is not deployed"
                + " (rejected by bob: not today).");
    assertThat(explain.line(approval.get(0)))
        .isEqualTo(
            "10:42:00  approval 3f2a9c1d rejected: r.io/shop/a:2 (sha256:abababababab…) (1 of 2"
                + " approvals): rejected by bob: not today");
    assertThat(Explain.rule("awaiting-approval"))
        .isEqualTo("the same image already waits for its approval");
  }

  static final PoolInputs INPUTS =
      new PoolInputs(
          0.76,
          0.81,
          0.9,
          0.2,
          11.5,
          10_000,
          0,
          6,
          6,
          0,
          6,
          List.of(
              new PoolInputs.Considered("i-a3", "a3", 0, true, "idle"),
              new PoolInputs.Considered("i-a5", "a5", 1, false, "max-down 1 reached")));

  @Test
  void aDrainSaysWhichAgentWhyItWasChosenAndThePoolsFreeFractions() {
    publish(
        "scaling",
        T,
        new AgentDraining(
            "scaling",
            "asg-1",
            "i-a3",
            "a3",
            "10.0.0.3",
            0,
            Duration.ofMinutes(30),
            "free cpus 76 %, mem 81 %, disk 90 % (target 20 %); after giving up 1: ...",
            INPUTS));
    List<JournalEntry> t = timeline(JournalEntry.POOL, "scaling");
    assertThat(explain.line(t.get(0)))
        .contains("draining a3 (i-a3, 0 task(s), hard cap PT30M)")
        .contains("considered: i-a3 chosen (idle), i-a5 kept (max-down 1 reached)");
    assertThat(explain.pool("scaling", t, Map.of("desired", 6)))
        .containsExactly(
            "Pool scaling has 6 agents desired; had 6 of 6 agents serving, free cpus 76 %, mem 81"
                + " %, disk 90 % (target 20 %).",
            "Draining a3 (i-a3, 0 task(s)) since 10:42:00, chosen as idle: free cpus 76 %, mem 81"
                + " %, disk 90 % (target 20 %); after giving up 1: ....");
  }

  @Test
  void aPoolHoldOnAPartialViewSaysHowManyAreMissing() {
    String why =
        "2 of 5 instances of the group are not in Mesos (40 % > 30 %): no action on a partial view";
    publish("scaling", T, new PoolHeld("scaling", "missing", why, false, INPUTS));
    List<JournalEntry> t = timeline(JournalEntry.POOL, "scaling");
    assertThat(explain.line(t.get(0)))
        .startsWith("10:42:00  held (missing): " + why + " [free cpus 76 %");
    assertThat(explain.pool("scaling", t, Map.of()))
        .contains("It holds (missing) since 10:42:00: " + why + ".");
  }

  @Test
  void aPushThatMatchedNothingNamesTheNearestPatternAndWhereItStopped() {
    publish(
        "r.io/shop/web:2.4.1",
        T,
        new PushMatched(
            "r.io/shop/web:2.4.1",
            null,
            List.of(),
            List.of(new PushMatched.NearMiss("/shop/web", "shop/web:v*", "shop/web:2.4.1", 9))));
    List<JournalEntry> t = timeline(JournalEntry.IMAGE, "r.io/shop/web:2.4.1");
    assertThat(explain.image("r.io/shop/web:2.4.1", t))
        .containsExactly(
            "r.io/shop/web:2.4.1 (pushed at 10:42:00) deployed nowhere: no app's autodeploy"
                + " pattern matches it. The nearest is shop/web:v* (/shop/web): 'shop/web:2.4.1'"
                + " stops matching at character 10 ('2').");
  }

  @Test
  void aPushThatMatchedSaysWhatBecameOfItInEachApp() {
    publish(
        "r.io/shop/web:2.4.1",
        T,
        new PushMatched(
            "r.io/shop/web:2.4.1", null, List.of("/shop/web", "/shop/web-canary"), null));
    publish(
        "/shop/web",
        T.plusSeconds(5),
        new DeploySucceeded(deploy("r.io/shop/web:2.4.1", null, "")));
    publish(
        "/shop/web-canary",
        T.plusSeconds(5),
        new DeploySkipped(
            deploy("r.io/shop/web:2.4.1@sha256:ab", null, "runs it"), "already-running"));
    assertThat(
            explain.image(
                "r.io/shop/web:2.4.1", timeline(JournalEntry.IMAGE, "r.io/shop/web:2.4.1")))
        .containsExactly(
            "Matched /shop/web: succeeded at 10:42:05.",
            "Matched /shop/web-canary: not deployed, the app already runs it.");
  }
}

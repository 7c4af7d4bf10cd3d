package dev.pacer.autodeployer.approve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.control.ControlStore;
import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseBook;
import dev.pacer.common.control.PauseFile;
import dev.pacer.common.events.types.DeployApproval;
import dev.pacer.common.events.types.EventData;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.testsupport.ManualScheduler;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What decides an approval, over a store that applies each change to a {@link PauseBook} at once
 * (as the process's store does once the change is stored).
 */
class ApprovalsTest {
  static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  static final String APP = "/shop/web";

  final ManualScheduler time = new ManualScheduler(T0);
  final PauseBook book = new PauseBook();
  final List<String> quarantined = new ArrayList<>();
  final List<DeployApproval> said = new ArrayList<>();
  final List<Approval> deployed = new ArrayList<>();
  int failEnds;
  final ControlStore store =
      new ControlStore() {
        @Override
        public Future<Void> quarantine(String appId, String digest, String why, String who) {
          quarantined.add(appId + "@" + digest + ": " + why);
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> put(Pause record) {
          book.apply(EventTypes.PAUSED, record);
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> end(Pause record, String who, String why) {
          if (failEnds > 0) {
            failEnds--;
            return Future.failedFuture("the store is down");
          }
          book.apply(EventTypes.RESUMED, record);
          return Future.succeededFuture();
        }
      };
  final Approvals approvals =
      new Approvals(
          store,
          book,
          (String app, EventData d) -> {
            said.add((DeployApproval) d);
            return Future.succeededFuture();
          },
          time);

  {
    approvals.deployTo(deployed::add);
  }

  static ImagePush push(String tag, String digest, Instant at) {
    return new ImagePush("e-" + tag, "registry", "reg.acme.dev", "shop/web", tag, digest, at);
  }

  String ask(String tag, String digest, int needed, String supersedes) {
    ImagePush p = push(tag, digest, time.now());
    approvals.request(
        APP,
        p,
        p.reference(),
        "reg.acme.dev/shop/web:1",
        "matches",
        needed,
        Duration.ofHours(24),
        supersedes);
    return approvals.awaiting(APP).id();
  }

  int vote(String id, String who, String vote) {
    return approvals.vote(id, who, vote, "cli", "", "").result().status();
  }

  List<String> states() {
    return said.stream().map(DeployApproval::state).toList();
  }

  @Test
  void theVotesNeededApproveItOnceAndTheLaneSettlesIt() {
    String id = ask("2", "sha256:b", 2, null);
    assertThat(vote(id, "alice", "approve")).isEqualTo(200);
    approvals.tick();
    assertThat(deployed).isEmpty(); // 1 of 2
    assertThat(vote(id, "alice", "approve")).isEqualTo(409);
    assertThat(vote(id, "bob", "approve")).isEqualTo(200);
    approvals.tick();
    approvals.tick();
    assertThat(deployed).extracting(Approval::id).containsExactly(id);
    assertThat(deployed.get(0).approved()).isTrue();
    assertThat(approvals.awaiting(APP)).isNull(); // approved: no push waits behind it
    assertThat(states()).containsExactly("pending", "pending", "pending", "approved");
    assertThat(said.get(3).votes())
        .extracting(DeployApproval.Vote::who)
        .containsExactly("alice", "bob");
    assertThat(vote(id, "carol", "approve")).isEqualTo(410);
    approvals.settle(id, "deployed (deployment d1)");
    assertThat(book.scoped(Pause.APPROVAL_PREFIX)).isEmpty();
    assertThat(book.scoped(Pause.VOTE_PREFIX)).isEmpty();
    assertThat(vote(id, "carol", "approve")).isEqualTo(410);
    assertThat(quarantined).isEmpty();
  }

  /** An approval whose end the store did not take is handed to the lane again, which settles it. */
  @Test
  void aSettleTheStoreRefusedIsAskedAgain() {
    String id = ask("2", "sha256:b", 1, null);
    vote(id, "alice", "approve");
    approvals.tick();
    assertThat(deployed).hasSize(1);
    failEnds = 1;
    approvals.carryOut(
        APP, new dev.pacer.autodeployer.plan.LaneEffect.SettleApproval(id, "deployed"));
    assertThat(approvals.get(id)).isPresent();
    approvals.tick();
    assertThat(deployed).hasSize(2); // the lane is asked again
    approvals.carryOut(
        APP,
        new dev.pacer.autodeployer.plan.LaneEffect.SettleApproval(id, "not deployed: skipped"));
    assertThat(approvals.get(id)).isEmpty();
    approvals.tick();
    assertThat(deployed).hasSize(2);
  }

  @Test
  void oneRejectionEndsItAndQuarantinesTheImage() {
    String id = ask("2", "sha256:b", 3, null);
    vote(id, "alice", "approve");
    vote(id, "bob", "reject");
    approvals.tick();
    assertThat(deployed).isEmpty();
    assertThat(states()).endsWith("rejected");
    assertThat(said.get(said.size() - 1).reason()).isEqualTo("rejected by bob");
    assertThat(quarantined).containsExactly(APP + "@sha256:b: rejected by bob");
    assertThat(approvals.all()).isEmpty();
  }

  @Test
  void theDeadlineEndsItAndQuarantinesTheImage() {
    String id = ask("2", "sha256:b", 1, null);
    time.manualClock().advance(Duration.ofHours(24).minusSeconds(1));
    approvals.tick();
    assertThat(approvals.get(id)).isPresent();
    time.manualClock().advance(Duration.ofSeconds(1));
    assertThat(vote(id, "alice", "approve")).isEqualTo(410);
    approvals.tick();
    assertThat(states()).containsExactly("pending", "expired");
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0)).contains("no decision by its deadline");
  }

  @Test
  void aNewerApprovalSupersedesTheOlderEvenWhenTheLaneCouldNotSaySo() {
    String first = ask("2", "sha256:b", 1, null);
    time.manualClock().advance(Duration.ofSeconds(5));
    String second = ask("3", "sha256:c", 1, first);
    assertThat(approvals.all()).extracting(Approval::id).containsExactly(second);
    assertThat(said.get(said.size() - 1).state()).isEqualTo("superseded");
    assertThat(said.get(said.size() - 1).supersededBy()).isEqualTo("reg.acme.dev/shop/web:3");
    // two pending ones that did not know of each other (the lane asked before the first was kept)
    time.manualClock().advance(Duration.ofSeconds(5));
    String third = ask("4", "sha256:d", 1, null);
    approvals.tick();
    assertThat(approvals.all()).extracting(Approval::id).containsExactly(third);
    assertThat(quarantined).isEmpty();
    assertThat(approvals.awaiting(APP).push().tag()).isEqualTo("4");
  }

  @Test
  void anApprovalAndItsVotesReadBackFromThePauseFileAsTheyWere(@TempDir Path dir) {
    String id = ask("2", "sha256:b", 2, null);
    vote(id, "U024BE7LH", "approve");
    Approval a = approvals.get(id).orElseThrow();
    PauseFile file = new PauseFile(dir);
    file.write(book.all());
    PauseBook again = new PauseBook();
    file.read().forEach(p -> again.apply(EventTypes.PAUSED, p));
    Approvals after = new Approvals(store, again, (x, d) -> Future.succeededFuture(), time);
    assertThat(after.get(id)).contains(a);
    assertThat(after.votes(id))
        .extracting(Vote::who, Vote::vote, Vote::via)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("U024BE7LH", "approve", "cli"));
  }
}

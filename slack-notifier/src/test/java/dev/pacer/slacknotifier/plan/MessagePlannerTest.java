package dev.pacer.slacknotifier.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.slacknotifier.plan.MessagePlanner.Plan;
import dev.pacer.slacknotifier.plan.MessagePlanner.Send;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** Which messages deploy events make: one living message per deployment. No IO, no Slack. */
class MessagePlannerTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final Optional<String> DEPLOYS = Optional.of("#deploys");
  final MessagePlanner planner = new MessagePlanner();

  static PacerEvent event(String type, String id, Object... kv) {
    Map<String, Object> d = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      d.put((String) kv[i], kv[i + 1]);
    }
    return new PacerEvent(id, "pacer/test", type, "/shop/web", T0, d);
  }

  static PacerEvent started(String deployment) {
    return event(
        "pacer.deploy.started",
        "ev-" + deployment,
        "image",
        "r.io/shop/web:2",
        "previous-image",
        "r.io/shop/web:1",
        "deployment-id",
        deployment,
        "push-id",
        "push-1",
        "previous-version",
        "v1",
        "version",
        "v2");
  }

  static List<Op.Kind> kinds(Plan p) {
    return p.sends().stream().map(s -> s.op().kind()).toList();
  }

  static String text(Send s) {
    return s.op().message().toString();
  }

  @Test
  void aStartedDeployPostsItsMessageUnderAKeyAndAsksForTheConfigDiff() {
    Plan p = planner.deploy(started("d1"), DEPLOYS, "", true);
    assertThat(kinds(p)).containsExactly(Op.Kind.POST);
    Send post = p.sends().get(0);
    assertThat(post.channel()).isEqualTo("#deploys");
    assertThat(post.op().key()).isEqualTo("deploy:/shop/web:d1:ev-d1");
    assertThat(p.diff())
        .contains(new MessagePlanner.Diff("#deploys", post.op().key(), "/shop/web", "v1", "v2"));
    assertThat(planner.tracked()).isEqualTo(1);
  }

  @Test
  void itsEndUpdatesTheSameMessageAndRepliesInItsThread() {
    String key = planner.deploy(started("d1"), DEPLOYS, "", true).sends().get(0).op().key();
    Plan end =
        planner.deploy(
            event("pacer.deploy.succeeded", "ev-2", "deployment-id", "d1"),
            Optional.empty(),
            "",
            true);
    assertThat(kinds(end)).containsExactly(Op.Kind.UPDATE, Op.Kind.REPLY);
    assertThat(end.sends())
        .allMatch(s -> s.op().key().equals(key) && s.channel().equals("#deploys"));
    assertThat(text(end.sends().get(1))).contains("succeeded");
  }

  @Test
  void aFailureNamesTheLastTaskFailureAndARollbackUpdatesTheMessageAgain() {
    planner.deploy(started("d1"), DEPLOYS, "", true);
    PacerEvent failed =
        event("pacer.deploy.failed", "ev-2", "deployment-id", "d1", "reason", "health checks");
    assertThat(MessagePlanner.wantsTaskFailure(failed)).isTrue();
    Plan f = planner.deploy(failed, DEPLOYS, "exit 137 (OOM)", true);
    assertThat(kinds(f)).containsExactly(Op.Kind.UPDATE, Op.Kind.REPLY);
    assertThat(text(f.sends().get(1)))
        .contains("failed", "health checks", "last task failure: exit 137 (OOM)");
    Plan r =
        planner.deploy(
            event(
                "pacer.deploy.rolled_back",
                "ev-3",
                "image",
                "r.io/shop/web:1",
                "previous-image",
                "r.io/shop/web:2",
                "deployment-id",
                "r1",
                "reason",
                "put the previous image back"),
            DEPLOYS,
            "",
            true);
    assertThat(kinds(r)).containsExactly(Op.Kind.UPDATE, Op.Kind.REPLY);
    assertThat(text(r.sends().get(1))).contains("rolled back to r.io/shop/web:1");
  }

  @Test
  void anEndOfADeploymentItNeverSawIsAMessageOfItsOwnAndNothingWithoutAChannel() {
    PacerEvent other = event("pacer.deploy.succeeded", "ev-9", "deployment-id", "x9");
    assertThat(kinds(planner.deploy(other, DEPLOYS, "", true))).containsExactly(Op.Kind.POST);
    assertThat(planner.deploy(other, Optional.empty(), "", true).sends()).isEmpty();
    // a failure of something that never was a deployment (the push gave up) needs no task failure
    assertThat(
            MessagePlanner.wantsTaskFailure(
                event("pacer.deploy.failed", "ev-8", "deployment-id", "")))
        .isFalse();
  }

  @Test
  void aStartedEventDeliveredAgainPostsNothingNew() {
    assertThat(kinds(planner.deploy(started("d1"), DEPLOYS, "", true)))
        .containsExactly(Op.Kind.POST);
    assertThat(planner.deploy(started("d1"), DEPLOYS, "", true).sends()).isEmpty();
  }

  @Test
  void aStepThatOutrunsTheStartIsKeptAndRepliedWhenTheDeploymentStarts() {
    assertThat(planner.step("d1", "step 1/2 succeeded").sends()).isEmpty();
    Plan p = planner.deploy(started("d1"), DEPLOYS, "", true);
    assertThat(kinds(p)).containsExactly(Op.Kind.POST, Op.Kind.REPLY);
    assertThat(text(p.sends().get(1))).contains("step 1/2 succeeded");
    assertThat(kinds(planner.step("d1", "step 2/2 succeeded"))).containsExactly(Op.Kind.REPLY);
  }

  @Test
  void aPushMessageListsTheAppsItDeploysOnlyWhereMessagesCanBeEdited() {
    PacerEvent push =
        new PacerEvent(
            "push-1",
            "pacer/test",
            "pacer.registry.push",
            "shop/web",
            T0,
            Map.of(
                "host",
                "r.io",
                "repository",
                "shop/web",
                "tag",
                "2",
                "digest",
                "sha256:2",
                "pushed-at",
                T0.toString()));
    Plan posted = planner.pushed(push, "#pushes");
    assertThat(kinds(posted)).containsExactly(Op.Kind.POST);
    assertThat(posted.sends().get(0).op().lowPriority()).isTrue();
    Plan started = planner.deploy(started("d1"), DEPLOYS, "", true);
    assertThat(started.sends())
        .anySatisfy(
            s -> {
              assertThat(s.channel()).isEqualTo("#pushes");
              assertThat(s.op().kind()).isEqualTo(Op.Kind.UPDATE);
              assertThat(s.op().key()).isEqualTo("push:push-1");
              assertThat(text(s)).contains("/shop/web");
            });
    MessagePlanner webhook = new MessagePlanner();
    webhook.pushed(push, "#pushes");
    assertThat(kinds(webhook.deploy(started("d1"), DEPLOYS, "", false)))
        .containsExactly(Op.Kind.POST);
  }

  /** One step of an app's deploy history: started, succeeded, failed, rolled back, or a step. */
  record Happening(int kind, int deployment) {}

  @Provide
  Arbitrary<List<Happening>> histories() {
    return Arbitraries.integers()
        .between(0, 4)
        .flatMap(k -> Arbitraries.integers().between(1, 4).map(d -> new Happening(k, d)))
        .list()
        .ofMaxSize(40);
  }

  /**
   * Whatever order the events of a few deployments come in: each start posts exactly one message,
   * every update and reply goes to a message already posted (in the same channel), and every push
   * of the sends lands somewhere (no op without a channel).
   */
  @Property
  void updatesAndRepliesOnlyEverGoToAPostedMessage(@ForAll("histories") List<Happening> history) {
    MessagePlanner p = new MessagePlanner();
    java.util.Map<String, String> posted = new java.util.HashMap<>();
    java.util.Set<String> starts = new java.util.HashSet<>();
    int posts = 0;
    int inPlace = 0;
    for (Happening h : history) {
      String id = "d" + h.deployment();
      Plan plan =
          switch (h.kind()) {
            case 0 -> p.deploy(started(id), DEPLOYS, "", true);
            case 1 ->
                p.deploy(
                    event("pacer.deploy.succeeded", "s" + id, "deployment-id", id),
                    DEPLOYS,
                    "",
                    true);
            case 2 ->
                p.deploy(
                    event("pacer.deploy.failed", "f" + id, "deployment-id", id, "reason", "x"),
                    DEPLOYS,
                    "oom",
                    true);
            case 3 ->
                p.deploy(
                    event(
                        "pacer.deploy.rolled_back",
                        "r" + id,
                        "image",
                        "r.io/shop/web:1",
                        "previous-image",
                        "r.io/shop/web:2",
                        "deployment-id",
                        "r" + id,
                        "reason",
                        "back"),
                    DEPLOYS,
                    "",
                    true);
            default -> p.step(id, "step of " + id);
          };
      if (h.kind() == 0) {
        starts.add(id);
      }
      for (Send s : plan.sends()) {
        assertThat(s.channel()).isNotBlank();
        if (s.op().kind() == Op.Kind.POST) {
          posts++;
          if (s.op().key() != null) {
            assertThat(posted)
                .as("posted twice: %s in %s", s.op(), history)
                .doesNotContainKey(s.op().key());
            posted.put(s.op().key(), s.channel());
          }
        } else {
          inPlace++;
          assertThat(posted).as("%s in %s", s.op(), history).containsKey(s.op().key());
          assertThat(posted.get(s.op().key())).isEqualTo(s.channel());
        }
      }
    }
    assertThat(posted.keySet().stream().filter(k -> k.startsWith("deploy:")).count())
        .as("one keyed message per deployment started, however often its event comes")
        .isEqualTo(starts.size());
    assertThat(posts).isGreaterThanOrEqualTo(starts.size());
    Statistics.collect(inPlace > 0 ? "updated in place" : "only posts");
    Statistics.coverage(cov -> cov.check("updated in place").percentage(pc -> pc > 30));
  }
}

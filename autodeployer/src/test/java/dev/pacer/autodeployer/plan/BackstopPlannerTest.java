package dev.pacer.autodeployer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.plan.BackstopPlanner.TagState;
import dev.pacer.common.marathon.MarathonApp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackstopPlannerTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  /** A tag of the first poll after a start: nothing known of its changes, seen at {@code T}. */
  private static TagState tag(String tag, String digest, long minutes) {
    return new TagState("r.io/acme/web:" + tag, tag, digest, T.plusSeconds(60 * minutes), null, T);
  }

  /** A reproducible build's tag (created 1970) that a poll saw change. */
  private static TagState changed(String tag, String digest, Instant after, Instant seen) {
    return new TagState("r.io/acme/web:" + tag, tag, digest, Instant.EPOCH, after, seen);
  }

  private static MarathonApp app(String image, Map<String, String> labels) {
    return DeploymentPlannerTest.app(image, labels);
  }

  @Test
  void underSemverItChoosesTheHighestVersionInTheRangeAboveTheRunningOne() {
    var semver = DeploymentPlannerTest.SEMVER.tags();
    MarathonApp running = app("r.io/acme/web:2.3.1", Map.of("pacer.image-digest", "sha256:231"));
    var choice =
        BackstopPlanner.choose(
            List.of(
                tag("2.3.1", "sha256:231", 1),
                tag("2.4.0", "sha256:240", 2),
                tag("3.0.0", "sha256:300", 5),
                tag("2.3.9", "sha256:239", 9),
                tag("latest", "sha256:l", 9)),
            running,
            semver);
    assertThat(choice).map(c -> c.tag().tag()).contains("2.4.0");
    assertThat(choice.get().candidates()).isEqualTo(2);
    // nothing above the running version: nothing
    assertThat(
            BackstopPlanner.choose(
                List.of(tag("2.3.9", "sha256:239", 9)),
                app("r.io/acme/web:2.4.0", Map.of("pacer.image-digest", "sha256:240")),
                semver))
        .isEmpty();
    // a glob never takes what its ignore names
    var ignoring =
        dev.pacer.autodeployer.policy.TagPolicy.of(null, null, null, null, List.of("*-debug"));
    assertThat(
            BackstopPlanner.choose(
                List.of(tag("master-2-debug", "sha256:2", 2)),
                app(
                    "r.io/acme/web:master-1",
                    Map.of(
                        "pacer.image-digest", "sha256:1", "pacer.image-pushed-at", T.toString())),
                ignoring))
        .isEmpty();
  }

  @Test
  void choosesTheNewestChangedTagByImageCreatedTime() {
    var choice =
        BackstopPlanner.choose(
            List.of(
                tag("master-1", "sha256:1", 1),
                tag("master-3", "sha256:3", 3),
                tag("master-2", "sha256:2", 2)),
            app(
                "r.io/acme/web:master-1",
                Map.of("pacer.image-digest", "sha256:1", "pacer.image-pushed-at", T.toString())));
    assertThat(choice)
        .hasValueSatisfying(
            c -> {
              assertThat(c.tag().tag()).isEqualTo("master-3");
              assertThat(c.candidates()).isEqualTo(2);
            });
  }

  @Test
  void leavesAloneWhatIsDeployedOlderOrUnreadable() {
    MarathonApp deployed =
        app(
            "r.io/acme/web:master-2",
            Map.of(
                "pacer.image-digest",
                "sha256:2",
                "pacer.image-pushed-at",
                T.plusSeconds(120).toString()));
    assertThat(
            BackstopPlanner.choose(
                List.of(
                    tag("master-2", "sha256:2", 2),
                    tag("master-1", "sha256:1", 1),
                    new TagState("r.io/acme/web:x", "x", "sha256:9", null, null, T),
                    tag("gone", "", 9)),
                deployed))
        .isEmpty();
  }

  @Test
  void anAppPacerNeverDeployedStaysOnTheTagItRuns() {
    MarathonApp untouched = app("r.io/acme/web:master-5", Map.of());
    assertThat(BackstopPlanner.choose(List.of(tag("master-5", "sha256:5", 5)), untouched))
        .isEmpty();
    assertThat(
            BackstopPlanner.choose(
                List.of(tag("master-5", "sha256:5", 5), tag("master-6", "sha256:6", 6)), untouched))
        .hasValueSatisfying(c -> assertThat(c.tag().tag()).isEqualTo("master-6"));
  }

  @Test
  void aTagThatChangedAfterAPollThatFollowedTheDeployIsNewerWhateverItsCreatedTimeSays() {
    Instant deployed = T.plusSeconds(60);
    MarathonApp app =
        app(
            "r.io/acme/web:master-1",
            Map.of("pacer.image-digest", "sha256:1", "pacer.image-pushed-at", deployed.toString()));
    Instant poll1 = T.plusSeconds(300);
    Instant poll2 = T.plusSeconds(600);
    Instant poll3 = T.plusSeconds(900);
    var choice =
        BackstopPlanner.choose(
            List.of(
                changed("master-2", "sha256:2", poll1, poll2),
                changed("master-3", "sha256:3", poll2, poll3),
                // created 1970, and nothing known of when it changed: not surely newer
                new TagState(
                    "r.io/acme/web:master-0", "master-0", "sha256:0", Instant.EPOCH, null, T)),
            app);
    assertThat(choice)
        .hasValueSatisfying(
            c -> {
              assertThat(c.tag().tag()).as("the latest seen change").isEqualTo("master-3");
              assertThat(c.candidates()).isEqualTo(2);
              // the deploy carries the poll's time: the planner never sees it as older
              assertThat(c.pushedAt()).isEqualTo(poll3);
            });
  }

  @Test
  void aChangeThatMayBeOlderThanTheDeployedPushIsNeverTaken() {
    // master-5 and master-6 were both pushed between two polls, and master-6 deployed: master-5
    // changed after the poll before, but maybe before master-6's push
    Instant poll1 = T;
    Instant deployed = T.plusSeconds(120);
    MarathonApp app =
        app(
            "r.io/acme/web:master-6",
            Map.of("pacer.image-digest", "sha256:6", "pacer.image-pushed-at", deployed.toString()));
    assertThat(
            BackstopPlanner.choose(
                List.of(
                    changed("master-5", "sha256:5", poll1, T.plusSeconds(300)),
                    changed("master-6", "sha256:6", poll1, T.plusSeconds(300))),
                app))
        .isEmpty();
  }
}

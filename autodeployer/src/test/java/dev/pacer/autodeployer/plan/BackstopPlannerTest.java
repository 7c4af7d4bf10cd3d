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

  private static TagState tag(String tag, String digest, long minutes) {
    return new TagState("r.io/acme/web:" + tag, tag, digest, T.plusSeconds(60 * minutes));
  }

  private static MarathonApp app(String image, Map<String, String> labels) {
    return DeploymentPlannerTest.app(image, labels);
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
                    new TagState("r.io/acme/web:x", "x", "sha256:9", null),
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
}

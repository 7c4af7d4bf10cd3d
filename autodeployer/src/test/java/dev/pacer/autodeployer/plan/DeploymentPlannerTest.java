package dev.pacer.autodeployer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.policy.AutodeployLabel;
import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.common.marathon.MarathonApp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DeploymentPlannerTest {
  private static final AutodeployPolicy POLICY = AutodeployLabel.parse("acme/web:master*");
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  static MarathonApp app(String image, Map<String, String> labels) {
    return new MarathonApp("/acme/web", 3, image, labels, "v", T0, T0, List.of(), 3, 3, 0, 0, null);
  }

  static ImagePush push(String tag, String digest, Instant at) {
    return new ImagePush("id-" + tag + digest, "registry", "r.io", "acme/web", tag, digest, at);
  }

  @Test
  void deploysAMatchingPushWithPacersLabels() {
    DeployDecision d =
        DeploymentPlanner.plan(
            push("master-2", "sha256:b", T0), app("r.io/acme/web:master-1", Map.of()), POLICY);
    assertThat(d)
        .isInstanceOfSatisfying(
            DeployDecision.Deploy.class,
            dep -> {
              assertThat(dep.image()).isEqualTo("r.io/acme/web:master-2");
              assertThat(dep.labels())
                  .containsEntry("pacer.image-digest", "sha256:b")
                  .containsEntry("pacer.image-pushed-at", "2026-11-22T10:00:00Z")
                  .containsEntry("pacer.previous-image", "r.io/acme/web:master-1")
                  .containsEntry("pacer.deployed-by", "pacer-autodeployer");
            });
  }

  @Test
  void pinsTheDigestWhenTheLabelAsks() {
    DeployDecision d =
        DeploymentPlanner.plan(
            push("master-2", "sha256:b", T0),
            app("x", Map.of()),
            AutodeployLabel.parse("{ image = \"acme/web:master*\", pin-digest = true }"));
    assertThat(((DeployDecision.Deploy) d).image()).isEqualTo("r.io/acme/web:master-2@sha256:b");
  }

  @Test
  void skipsWhatTheAppAlreadyRunsAndWhatIsOlder() {
    MarathonApp running =
        app(
            "r.io/acme/web:master-2",
            Map.of("pacer.image-digest", "sha256:b", "pacer.image-pushed-at", T0.toString()));
    assertThat(DeploymentPlanner.plan(push("master-2", "sha256:b", T0), running, POLICY))
        .isInstanceOf(DeployDecision.Skip.class)
        .extracting(DeployDecision::reason)
        .asString()
        .contains("already runs sha256:b");
    assertThat(
            DeploymentPlanner.plan(
                push("master-1", "sha256:a", T0.minusSeconds(5)), running, POLICY))
        .isInstanceOf(DeployDecision.Skip.class)
        .extracting(DeployDecision::reason)
        .asString()
        .contains("never downgrade");
    assertThat(
            DeploymentPlanner.plan(push("main-1", "sha256:c", T0.plusSeconds(5)), running, POLICY))
        .isInstanceOf(DeployDecision.Skip.class)
        .extracting(DeployDecision::reason)
        .asString()
        .contains("does not match");
    assertThat(DeploymentPlanner.plan(push("master-2", "", T0.plusSeconds(5)), running, POLICY))
        .isInstanceOf(DeployDecision.Skip.class);
  }

  static final AutodeployPolicy SEMVER =
      AutodeployLabel.parse("{ image = \"acme/web\", policy = semver, range = \"^2.3\" }");

  @Test
  void underSemverOnlyAHigherVersionInTheRangeDeploysWhateverThePushTime() {
    MarathonApp running =
        app(
            "r.io/acme/web:2.4.0",
            Map.of("pacer.image-digest", "sha256:240", "pacer.image-pushed-at", T0.toString()));
    DeployDecision older =
        DeploymentPlanner.plan(push("2.3.9", "sha256:239", T0.plusSeconds(60)), running, SEMVER);
    assertThat(older).isInstanceOf(DeployDecision.Skip.class);
    assertThat(((DeployDecision.Skip) older).rule()).isEqualTo("older");
    assertThat(older.reason())
        .isEqualTo(
            "2.3.9 is not newer than the running 2.4.0 (policy semver ^2.3); never downgrade");
    DeployDecision outside =
        DeploymentPlanner.plan(push("3.0.0", "sha256:300", T0.plusSeconds(60)), running, SEMVER);
    assertThat(((DeployDecision.Skip) outside).rule()).isEqualTo("policy");
    assertThat(outside.reason()).isEqualTo("3.0.0 is outside the range ^2.3 (policy semver ^2.3)");
    // a push older by time but higher by version deploys: the policy decides
    assertThat(
            DeploymentPlanner.plan(
                push("2.4.1", "sha256:241", T0.minusSeconds(60)), running, SEMVER))
        .isInstanceOf(DeployDecision.Deploy.class);
    // an app on a tag the policy does not take moves onto the policy
    assertThat(
            DeploymentPlanner.plan(
                push("2.3.1", "sha256:231", T0), app("r.io/acme/web:latest", Map.of()), SEMVER))
        .isInstanceOf(DeployDecision.Deploy.class);
    // the same version under another name is not newer
    assertThat(DeploymentPlanner.plan(push("v2.4.0", "sha256:x", T0), running, SEMVER))
        .isInstanceOf(DeployDecision.Skip.class);
    assertThat(DeploymentPlanner.tagOf("r.io:5000/acme/web:2.4.0@sha256:1")).isEqualTo("2.4.0");
    assertThat(DeploymentPlanner.tagOf("r.io:5000/acme/web")).isNull();
  }

  @Test
  void aMovedTagIsDeployed() {
    MarathonApp running = app("r.io/acme/web:master", Map.of("pacer.image-digest", "sha256:a"));
    DeployDecision d = DeploymentPlanner.plan(push("master", "sha256:b", T0), running, POLICY);
    assertThat(d).isInstanceOf(DeployDecision.Deploy.class);
    assertThat(d.reason()).contains("moved to sha256:b");
  }

  /**
   * Applying any sequence of pushes, in any order, ends at the newest one, and never repeats a
   * digest.
   */
  @Property
  void anyArrivalOrderEndsAtTheNewestPush(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 1000) Integer> seconds) {
    MarathonApp state = app("r.io/acme/web:master-start", Map.of());
    Map<String, Integer> deployedDigests = new HashMap<>();
    for (int s : seconds) {
      ImagePush p = push("master-" + s, "sha256:" + s, T0.plusSeconds(s));
      if (DeploymentPlanner.plan(p, state, POLICY) instanceof DeployDecision.Deploy dep) {
        deployedDigests.merge(p.digest(), 1, Integer::sum);
        Map<String, String> labels = new HashMap<>(state.labels());
        labels.putAll(dep.labels());
        state = app(dep.image(), labels);
      }
    }
    int newest = seconds.stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertThat(state.image()).isEqualTo("r.io/acme/web:master-" + newest);
    assertThat(deployedDigests.values()).allMatch(n -> n == 1);
  }

  @Test
  void aRollbackRestoresTheImageLabelsTakesOffTheOnesTheImageHadNotAndMarksTheBadDigest() {
    Map<String, String> restoring =
        DeploymentPlanner.restoring(
            Map.of(
                "pacer.image-digest", "sha256:good",
                "pacer.image-pushed-at", "2026-11-22T10:00:00Z",
                "team", "core"),
            "sha256:bad");
    assertThat(restoring)
        .containsEntry("pacer.image-digest", "sha256:good")
        .containsEntry("pacer.image-pushed-at", "2026-11-22T10:00:00Z")
        .containsEntry("pacer.rolled-back-digest", "sha256:bad")
        .doesNotContainKey("team");
    // labels the restored image did not have are taken off (null), not left describing the bad one
    assertThat(restoring).containsKeys("pacer.previous-image", "pacer.deployed-by");
    assertThat(restoring.get("pacer.previous-image")).isNull();
    assertThat(DeploymentPlanner.restoring(Map.of(), ""))
        .doesNotContainKey("pacer.rolled-back-digest");
  }

  @Test
  void aDigestRolledBackFromTheAppIsSkippedForThatReason() {
    ImagePush again =
        new ImagePush(
            "e2",
            "registry",
            "r.io",
            "acme/web",
            "master-bad",
            "sha256:bad",
            Instant.parse("2026-11-22T11:00:00Z"));
    MarathonApp app =
        app(
            "r.io/acme/web:master-0",
            Map.of(
                "pacer.image-digest", "sha256:good",
                "pacer.image-pushed-at", "2026-11-22T10:00:00Z",
                "pacer.rolled-back-digest", "sha256:bad"));
    assertThat(DeploymentPlanner.plan(again, app, POLICY))
        .isEqualTo(
            new DeployDecision.Skip(
                "rolled-back",
                "sha256:bad was rolled back from this app; a new image deploys, this one does not"));
  }
}

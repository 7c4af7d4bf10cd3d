package dev.pacer.deploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.deploy.config.AppConfig;
import dev.pacer.deploy.config.AppConfigs;
import dev.pacer.slacknotifier.format.ConfigDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployPlannerTest {
  @TempDir Path dir;

  private static final String WEB =
      """
      id = /shop/web
      instances = 3
      container { type = DOCKER, docker.image = "acme/web:master-1" }
      autoscale {
        minInstances = 2
        maxInstances = 9
        cooldown = 300
        graphite { target = "mesos.marathon.${id}.cpu_util", down = 0.4, up = 0.7 }
      }
      autodeploy = "acme/web:master*"
      """;

  private AppConfig config(String text) throws IOException {
    Path f = dir.resolve("web.conf");
    Files.writeString(f, text);
    AppConfigs.Result r =
        AppConfigs.load(f, new AppConfigs.Options(Optional.empty(), Map.of(), Map.of()));
    assertThat(r.problems()).isEmpty();
    return r.config().orElseThrow();
  }

  private static Map<String, Object> running(int instances, String image) {
    return Map.of(
        "id",
        "/shop/web",
        "instances",
        instances,
        "cpus",
        1.0,
        "container",
        Map.of("type", "DOCKER", "docker", Map.of("image", image)),
        "labels",
        Map.of(
            "pacer.image-digest", "sha256:aa",
            "pacer.image-pushed-at", "2026-12-01T00:00:00Z",
            "team", "shop"));
  }

  private static DeployPlan plan(AppConfig c, Map<String, Object> running, String image) {
    return DeployPlanner.plan(
        c, Optional.ofNullable(running), Optional.ofNullable(image), "ana", "apps/web.conf");
  }

  @Test
  void anAutoscaledAppAtSixDeployedWithThreeInItsFileStaysAtSix() throws IOException {
    DeployPlan p = plan(config(WEB), running(6, "acme/web:master-7"), null);

    assertThat(p.body().get("instances")).isEqualTo(6);
    assertThat(p.notes()).anySatisfy(n -> assertThat(n).startsWith("instances: 6, kept"));
    assertThat(p.changes()).extracting(ConfigDiff.Change::path).doesNotContain("instances");
  }

  @Test
  void theRunningCountIsClampedIntoTheNewBounds() throws IOException {
    DeployPlan p = plan(config(WEB), running(12, "acme/web:master-7"), null);

    assertThat(p.body().get("instances")).isEqualTo(9);
    assertThat(p.changes()).contains(new ConfigDiff.Change("instances", 12, 9));
  }

  @Test
  void aSuspendedAppStaysSuspendedAndANewOneStartsInItsBounds() throws IOException {
    assertThat(plan(config(WEB), running(0, "acme/web:master-7"), null).body().get("instances"))
        .isEqualTo(0);
    DeployPlan fresh = plan(config(WEB.replace("instances = 3", "instances = 1")), null, null);
    assertThat(fresh.creates()).isTrue();
    assertThat(fresh.body().get("instances")).isEqualTo(2);
  }

  @Test
  void anAppThatIsNotAutoscaledTakesItsFilesCount() throws IOException {
    String plain =
        WEB.substring(0, WEB.indexOf("autoscale")) + "autodeploy = \"acme/web:master*\"\n";
    assertThat(plan(config(plain), running(6, "acme/web:master-7"), null).body().get("instances"))
        .isEqualTo(3);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAutodeployersImageIsKeptAPinIsDeployedAndImageWins() throws IOException {
    DeployPlan kept = plan(config(WEB), running(6, "acme/web:master-7"), null);
    DeployPlan pinned =
        plan(
            config(WEB.replace("acme/web:master-1", "acme/web:hotfix-2")),
            running(6, "acme/web:master-7"),
            null);
    DeployPlan flag = plan(config(WEB), running(6, "acme/web:master-7"), "acme/web:master-9");

    assertThat(image(kept)).isEqualTo("acme/web:master-7");
    assertThat(kept.notes()).anySatisfy(n -> assertThat(n).contains("kept: the autodeployer's"));
    assertThat(((Map<String, Object>) kept.body().get("labels")))
        .containsEntry("pacer.image-digest", "sha256:aa");
    assertThat(image(pinned)).isEqualTo("acme/web:hotfix-2");
    assertThat(pinned.changes())
        .contains(
            new ConfigDiff.Change(
                "container.docker.image", "acme/web:master-7", "acme/web:hotfix-2"));
    // the digest label described the image replaced
    assertThat(((Map<String, Object>) pinned.body().get("labels")))
        .doesNotContainKey("pacer.image-digest")
        .containsEntry("pacer.image-pushed-at", "2026-12-01T00:00:00Z");
    assertThat(image(flag)).isEqualTo("acme/web:master-9");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theLabelsSayWhoDeployedFromWhereAndTheDiffShowsTheFieldsSent() throws IOException {
    DeployPlan p = plan(config(WEB), running(6, "acme/web:master-7"), null);

    Map<String, Object> labels = (Map<String, Object>) p.body().get("labels");
    assertThat(labels)
        .containsEntry("pacer.deployed-by", "ana")
        .containsEntry("pacer.deploy-source", "apps/web.conf")
        .containsKey("autoscale")
        .containsEntry("autodeploy", "acme/web:master*")
        .doesNotContainKey("team");
    // cpus is not in the file: Marathon keeps it, so it is not part of the diff
    assertThat(p.changes()).extracting(ConfigDiff.Change::path).doesNotContain("cpus");
    assertThat(p.changes())
        .extracting(ConfigDiff.Change::path)
        .contains("labels.autoscale", "labels.autodeploy", "labels.team");
  }

  @SuppressWarnings("unchecked")
  private static String image(DeployPlan p) {
    return (String)
        ((Map<String, Object>) ((Map<String, Object>) p.body().get("container")).get("docker"))
            .get("image");
  }
}

package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runbooks whose commands change an app, run as written ({@link RunbookITBase}): {@code
 * rollback.md} and {@code quarantine.md} (a rollback, then the quarantine it set, lifted), and
 * {@code approvals.md} (a push approved, the next rejected).
 */
class RunbookChangesIT extends RunbookITBase {
  @Test
  void theRollbackRunbookPutsThePreviousImageBackThenTheOneNamed() throws Exception {
    // 1.4.0 went out (as a deploy would, with Pacer's labels), and is bad
    String bad = "sha256:" + "14".repeat(32);
    result(
        pacer
            .process()
            .runtime()
            .marathon()
            .updateImage(
                APP,
                IMAGE + "1.4.0",
                Map.of(
                    "pacer.image-digest",
                    bad,
                    "pacer.image-pushed-at",
                    "2026-12-01T10:00:00Z",
                    "pacer.previous-image",
                    IMAGE + "1.3.0"),
                false));
    awaitNoDeployment();
    List<String> cmds =
        commands("rollback.md").stream().filter(c -> c.startsWith("bin/pacer rollback")).toList();
    assertThat(cmds).hasSize(2);
    assertThat(cmds.get(0)).doesNotContain("--to");
    assertThat(cmds.get(1)).contains("--to " + IMAGE + "1.2.9");

    Ran back = run(cmds.get(0));
    assertThat(back.exit()).as(back.out()).isZero();
    assertThat(back.out())
        .contains("rolled back " + APP + " from " + IMAGE + "1.4.0 to " + IMAGE + "1.3.0");
    assertThat(image()).isEqualTo(IMAGE + "1.3.0");
    // 1.3.0's version had none of Pacer's image labels: none describe 1.4.0 any more
    JsonObject restored = marathon.storedApp(APP).getJsonObject("labels");
    assertThat(restored.containsKey("pacer.image-digest")).isFalse();
    assertThat(restored.containsKey("pacer.image-pushed-at")).isFalse();
    assertThat(restored.containsKey("pacer.previous-image")).isFalse();
    assertThat(restored.getString("pacer.rolled-back-digest")).isEqualTo(bad);
    awaitNoDeployment();

    Ran named = run(cmds.get(1));
    assertThat(named.exit()).as(named.out()).isZero();
    assertThat(image()).isEqualTo(IMAGE + "1.2.9");
    JsonObject app = marathon.storedApp(APP);
    assertThat(app.getInteger("instances")).as("instances untouched").isEqualTo(3);
    assertThat(app.getJsonObject("labels").getString("autodeploy")).isEqualTo("acme/web:1.*");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                actions.stream().filter(e -> e.type().equals("pacer.deploy.rolled_back")).count()
                    == 2);
    List<PacerEvent> rolled =
        actions.stream().filter(e -> e.type().equals("pacer.deploy.rolled_back")).toList();
    assertThat(rolled.get(0).subject()).isEqualTo(APP);
    assertThat(rolled.get(0).data())
        .containsEntry("image", IMAGE + "1.3.0")
        .containsEntry("previous-image", IMAGE + "1.4.0")
        .containsEntry("by", System.getProperty("user.name"));
    assertThat((String) rolled.get(0).data().get("reason")).contains("500s after 1.4.0");
    assertThat(rolled.get(1).data()).containsEntry("image", IMAGE + "1.2.9");
    // 1.4.0's digest is quarantined for the app: listed, then lifted as quarantine.md says
    assertThat(rolled.get(0).data()).containsEntry("quarantined", bad);
    Ran list = run("bin/pacer quarantine list");
    assertThat(list.exit()).as(list.out()).isZero();
    assertThat(list.out()).contains(APP + "  " + bad + "  since ");
    List<String> lift =
        commands("quarantine.md").stream()
            .filter(c -> c.startsWith("bin/pacer quarantine lift"))
            .toList();
    assertThat(lift).singleElement().asString().contains("--digest " + bad);
    Ran lifted = run(lift.get(0));
    assertThat(lifted.exit()).as(lifted.out()).isZero();
    assertThat(lifted.out()).contains("lifted the quarantine of " + bad + " for " + APP);
    assertThat(run("bin/pacer quarantine list").out()).contains("No image is quarantined.");
    Ran none = run(lift.get(0));
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.out()).contains("no quarantine of " + bad + " for " + APP);

    // Naming the image that runs is refused, and says so.
    Ran again = run("bin/pacer rollback --app " + APP + " --to " + IMAGE + "1.2.9");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.out()).contains("rollback refused (404)").contains("already runs");
  }

  @Test
  void theApprovalsRunbookApprovesOnePushAndRejectsTheNext() throws Exception {
    List<String> cmds = commands("approvals.md");
    List<String> approve = cmds.stream().filter(c -> c.startsWith("bin/pacer approve ")).toList();
    List<String> reject = cmds.stream().filter(c -> c.startsWith("bin/pacer reject ")).toList();
    assertThat(approve).as("approvals.md's approve").hasSize(1);
    assertThat(reject).as("approvals.md's reject").hasSize(1);
    String example = approve.get(0).split(" ")[2];

    pushed("1.3.0");
    await().atMost(Duration.ofSeconds(30)).until(() -> pendingId() != null);
    String first = pendingId();
    assertThat(run("bin/pacer approvals").out())
        .contains(first + "  " + API + "  " + IMAGE + "1.3.0  pending  0 of 1");
    Ran approved = run(approve.get(0).replace(example, first));
    assertThat(approved.exit()).as(approved.out()).isZero();
    assertThat(approved.out()).startsWith("approved " + first);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                marathon
                    .storedApp(API)
                    .getJsonObject("container")
                    .getJsonObject("docker")
                    .getString("image")
                    .equals(IMAGE + "1.3.0"));
    awaitNoDeployment();

    pushed("1.4.0");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pendingId() != null && !pendingId().equals(first));
    String second = pendingId();
    Ran rejected = run(reject.get(0).replace(example, second));
    assertThat(rejected.exit()).as(rejected.out()).isZero();
    assertThat(rejected.out()).startsWith("rejected " + second);
    await().atMost(Duration.ofSeconds(30)).until(() -> pendingId() == null);
    assertThat(run("bin/pacer approvals").out()).isEqualTo("No push waits for approval.\n");
    assertThat(run("bin/pacer quarantine list").out()).contains(API + "  " + digests.get("1.4.0"));
    Ran late = run(approve.get(0).replace(example, second));
    assertThat(late.exit()).isEqualTo(1);
    assertThat(late.out()).contains("(410)").contains("has ended: rejected");
  }

  @Test
  void aRollbackToWhatIsNotAnImageOfTheAppInTheRegistryIsRefusedAndSaysWhy() throws Exception {
    Ran garbage = run("bin/pacer rollback --app " + APP + " --to 'not an image!!'");
    assertThat(garbage.exit()).as(garbage.out()).isEqualTo(1);
    assertThat(garbage.out())
        .contains("rollback refused (400)")
        .contains("'not an image!!' is not an image: ' ' cannot be in one");
    Ran other = run("bin/pacer rollback --app " + APP + " --to registry.example.com/evil/web:1");
    assertThat(other.exit()).as(other.out()).isEqualTo(1);
    assertThat(other.out())
        .contains("rollback refused (400)")
        .contains("is of registry.example.com/evil/web, not of registry.example.com/acme/web")
        .contains("--other-repository");
    Ran missing = run("bin/pacer rollback --app " + APP + " --to " + IMAGE + "0.0.1");
    assertThat(missing.exit()).as(missing.out()).isEqualTo(1);
    assertThat(missing.out())
        .contains("rollback refused (400)")
        .contains(IMAGE + "0.0.1: no such manifest in the registry");
    // none of them changed the app
    assertThat(image()).isEqualTo(IMAGE + "1.3.0");
    assertThat(marathon.requests("PUT", "/v2/apps" + APP)).isEmpty();
    // another repository, said on purpose and in the registry, goes
    registry.push("acme/web-legacy", "7");
    Ran legacy =
        run(
            "bin/pacer rollback --app "
                + APP
                + " --to registry.example.com/acme/web-legacy:7 --other-repository");
    assertThat(legacy.exit()).as(legacy.out()).isZero();
    assertThat(image()).isEqualTo("registry.example.com/acme/web-legacy:7");
  }
}

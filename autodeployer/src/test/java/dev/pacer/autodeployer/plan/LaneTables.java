package dev.pacer.autodeployer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.plan.LaneInput.Manifest;
import dev.pacer.autodeployer.policy.AutodeployLabel;
import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.common.marathon.DeploymentRef;
import dev.pacer.common.marathon.MarathonApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The lane tables' world: one app, its pushes, the machine and a step that keeps its effects. */
abstract class LaneTables {
  static final String APP = "/acme/web";
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final AutodeployPolicy POLICY = AutodeployLabel.parse("acme/web:master*");
  static final AutodeployPolicy NO_ROLLBACK =
      AutodeployLabel.parse("{ image = \"acme/web:master*\", rollback = false }");
  static final LaneMachine.Settings SETTINGS =
      new LaneMachine.Settings(
          Duration.ofMinutes(10),
          true,
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          true,
          Duration.ofSeconds(10));

  final LaneMachine machine = new LaneMachine(SETTINGS);
  LaneState lane = LaneState.idle(APP);
  List<LaneEffect> effects;

  static MarathonApp app(String image) {
    return new MarathonApp(
        APP,
        3,
        image,
        Map.of("autodeploy", "acme/web:master*"),
        "v1",
        T0,
        T0,
        List.of(),
        3,
        3,
        0,
        0,
        null);
  }

  static ImagePush push(int n) {
    return new ImagePush(
        "id-" + n, "registry", "r.io", "acme/web", "master-" + n, "sha256:" + n, T0.plusSeconds(n));
  }

  static String image(int n) {
    return "r.io/acme/web:master-" + n;
  }

  LaneMachine.Transition step(LaneInput in) {
    return step(in, T0.plusSeconds(60));
  }

  LaneMachine.Transition step(LaneInput in, Instant now) {
    LaneMachine.Transition t = machine.step(lane, in, now);
    lane = t.state();
    effects = t.effects();
    return t;
  }

  <T extends LaneEffect> T only(Class<T> type) {
    List<T> found = effects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as("one %s in %s", type.getSimpleName(), effects).hasSize(1);
    return found.get(0);
  }

  /** Runs push {@code n} (ticket 7) up to Marathon taking it as deployment d{n}. */
  void deploying(int n, String running) {
    step(new LaneInput.Push(push(n), 7));
    step(new LaneInput.AppRead(lane.epoch(), app(running), POLICY));
    step(new LaneInput.ManifestChecked(lane.epoch(), Manifest.PRESENT, 1));
    step(new LaneInput.Accepted(lane.epoch(), new DeploymentRef("d" + n, "v2")));
  }
}

package dev.pacer.autodeployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testsupport.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy freezes end to end ({@code POST /pause} with a {@code deploys:} scope), on virtual time:
 * pushes through the real registry wait while the freeze lasts, the newest per app, and deploy once
 * when it ends or is lifted; a scale pause holds no push.
 */
class DeployFreezeIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ADMIN = "freeze-admin";
  @TempDir Path stateDir;
  AutodeployerFixture f;
  ManualScheduler time;

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  void start() {
    time = new ManualScheduler(Instant.now());
    f =
        new AutodeployerFixture(
            time,
            Map.of(
                "pacer.events.backend",
                "local",
                "pacer.admin.token",
                ADMIN,
                "pacer.state-dir",
                stateDir.toString()),
            AutodeployerFixture.foo());
  }

  int post(String path, String json) {
    return f.pacer.post(path, json, ADMIN);
  }

  List<PacerEvent> held() {
    return f.actions.stream().filter(e -> e.type().equals("pacer.deploy.held")).toList();
  }

  @Test
  void pushesDuringAFreezeWaitAndTheNewestDeploysOnceWhenItEnds() {
    start();
    assertThat(
            post(
                "/pause",
                "{\"scope\": \"deploys:/acme/foo\", \"for\": \"10m\", \"reason\": \"release"
                    + " freeze\", \"who\": \"alice\"}"))
        .isEqualTo(200);
    f.registry.push("acme/foo-service", "master-1");
    await().atMost(WAIT).until(() -> held().size() == 1);
    assertThat(held().get(0).data().get("freeze").toString())
        .startsWith("deploys frozen by alice until ")
        .endsWith(": release freeze");
    f.registry.push("acme/foo-service", "master-2");
    await().atMost(WAIT).until(() -> held().size() == 2);
    assertThat(f.lane("/acme/foo").getString("queued")).endsWith(":master-2");
    assertThat(f.lane("/acme/foo").getJsonObject("last").getString("outcome")).isEqualTo("held");
    assertThat(f.puts("/acme/foo")).isEmpty();
    // the freeze's end: its expiry and the thaw tick, on virtual time
    time.advance(Duration.ofMinutes(10).plusSeconds(2));
    await().atMost(WAIT).until(() -> f.image("/acme/foo").endsWith(":master-2"));
    time.advance(Duration.ofSeconds(5)); // more thaw ticks: nothing more goes
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> f.puts("/acme/foo").size() == 1);
    assertThat(held()).hasSize(2);
  }

  @Test
  void aFreezeLiftedEarlyLetsItsPushGoAndAScalePauseHoldsNoPush() {
    start();
    // a scale pause of the app: a push deploys all the same
    assertThat(post("/pause", "{\"scope\": \"/acme/foo\", \"for\": \"1h\"}")).isEqualTo(200);
    f.registry.push("acme/foo-service", "master-1");
    await().atMost(WAIT).until(() -> f.image("/acme/foo").endsWith(":master-1"));
    f.marathon.finishDeploymentsNow();
    // a freeze of all apps holds the next push, until it is lifted
    assertThat(post("/pause", "{\"scope\": \"deploys:global\", \"for\": \"2h\"}")).isEqualTo(200);
    f.registry.push("acme/foo-service", "master-2");
    await().atMost(WAIT).until(() -> held().size() == 1);
    assertThat(held().get(0).data().get("freeze").toString())
        .startsWith("deploys frozen (all apps)");
    assertThat(post("/resume", "{\"scope\": \"deploys:global\"}")).isEqualTo(200);
    time.advance(Duration.ofSeconds(2));
    await().atMost(WAIT).until(() -> f.image("/acme/foo").endsWith(":master-2"));
    assertThat(f.puts("/acme/foo")).hasSize(2);
    // a freeze must name an app Marathon has, or all
    assertThat(post("/pause", "{\"scope\": \"deploys:/no/such\", \"for\": \"1h\"}")).isEqualTo(400);
    assertThat(post("/pause", "{\"scope\": \"deploys:shop\", \"for\": \"1h\"}")).isEqualTo(400);
  }
}

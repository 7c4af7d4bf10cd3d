package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.marathon.RecordedRequest;
import dev.pacer.testkit.servers.DockerRegistry;
import dev.pacer.testkit.servers.KafkaBroker;
import dev.pacer.testkit.servers.Ports;
import dev.pacer.testsupport.PacerJar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the autodeployer (Kafka backbone) while 200 pushes flow across 20 apps, then a
 * restart: every app ends at its newest image, and no app gets the same digest twice.
 */
class CrashSafetyIT {
  private static final int APPS = 20;
  private static final int ROUNDS = 10;
  @TempDir Path dir;

  @Test
  void aKilledAutodeployerLosesNoPushAndDeploysNoDigestTwice() throws Exception {
    Vertx vertx = Vertx.vertx();
    MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    marathon.deploymentDuration(Duration.ofMillis(50));
    for (int i = 0; i < APPS; i++) {
      marathon.seedApp(
          AppDefinitions.docker(
              "/crash/app-" + i,
              "acme/crash-" + i + ":v-none",
              1,
              new JsonObject().put("autodeploy", "acme/crash-" + i + ":v*")));
    }
    int port = Ports.free();
    String prefix = "crash-" + UUID.randomUUID() + ".";
    try (DockerRegistry registry =
        DockerRegistry.start(
            "http://127.0.0.1:" + port + "/registry/events",
            Map.of("Authorization", "Bearer t"),
            true)) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("pacer.http.host", "127.0.0.1");
      settings.put("pacer.http.port", String.valueOf(port));
      settings.put("pacer.marathon.urls", "[\"" + marathon.url() + "\"]");
      settings.put("pacer.events.backend", "kafka");
      settings.put("pacer.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers());
      settings.put("pacer.kafka.topic-prefix", prefix);
      settings.put("pacer.kafka.topic-partitions", "2");
      settings.put("pacer.autodeployer.webhook-token", "t");
      settings.put("pacer.autodeployer.registry.url", registry.url());
      settings.put("pacer.autodeployer.poll-interval", "2s");
      // the killed consumer leaves the group when its session times out (Kafka's default 45 s):
      // the broker's least, so the restarted one gets its partitions soon
      settings.put("pacer.kafka.properties.session.timeout.ms", "6000");
      settings.put("pacer.kafka.properties.heartbeat.interval.ms", "2000");
      List<String> cmd = PacerJar.command("autodeployer", settings);
      long t0 = System.nanoTime();
      Process pacer = start(cmd, "first");
      awaitReady(port);
      Map<Integer, String> newest = new HashMap<>();
      int pushed = 0;
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < APPS; i++) {
          newest.put(i, "v" + round);
          registry.push("acme/crash-" + i, "v" + round);
          pushed++;
          if (pushed == 90) {
            System.out.printf(
                "crash-it: kill -9 after %d pushes at %.1f s%n",
                pushed, (System.nanoTime() - t0) / 1e9);
            pacer.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
            assertThat(pacer.waitFor(10, TimeUnit.SECONDS)).isTrue();
          }
          if (pushed == 120) {
            pacer = start(cmd, "second");
          }
        }
      }
      try {
        await()
            .atMost(Duration.ofSeconds(150))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  for (int i = 0; i < APPS; i++) {
                    assertThat(image(marathon, i))
                        .as("app %d", i)
                        .isEqualTo(registry.host() + "/acme/crash-" + i + ":" + newest.get(i));
                  }
                });
        System.out.printf(
            "crash-it: all apps at their newest image at %.1f s%n", (System.nanoTime() - t0) / 1e9);
        for (int i = 0; i < APPS; i++) {
          List<String> digests = new ArrayList<>();
          for (RecordedRequest r : marathon.requests("PUT", "/v2/apps/crash/app-" + i)) {
            if (r.path().equals("/v2/apps/crash/app-" + i)) {
              digests.add(r.jsonBody().getJsonObject("labels").getString("pacer.image-digest"));
            }
          }
          assertThat(digests).as("digests PUT to app %d", i).doesNotHaveDuplicates();
        }
      } finally {
        pacer.destroy();
        pacer.waitFor(10, TimeUnit.SECONDS);
        result(vertx.close());
      }
    }
  }

  private static String image(MarathonSimulator m, int i) {
    return m.storedApp("/crash/app-" + i)
        .getJsonObject("container")
        .getJsonObject("docker")
        .getString("image");
  }

  private Process start(List<String> cmd, String name) throws IOException {
    return PacerJar.start(cmd, dir.resolve(name + ".log"));
  }

  private static void awaitReady(int port) {
    await().atMost(Duration.ofSeconds(60)).until(() -> Ports.listening(port));
  }
}

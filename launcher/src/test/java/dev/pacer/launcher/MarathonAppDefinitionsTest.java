package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.runtime.PacerProcess;
import dev.pacer.testkit.marathon.MarathonSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conf/marathon/*.json}, the app definitions that run Pacer on Marathon: each starts a Pacer
 * whose config is valid, checks {@code /health}, and never runs two acting replicas: without HA one
 * instance, the old one stopped before the new one starts, and an unreachable one never replaced;
 * with HA several, on different hosts. The Marathon simulator takes each.
 */
class MarathonAppDefinitionsTest {
  static Stream<Path> definitions() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("..", "conf", "marathon"))) {
      List<Path> all = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(all).hasSizeGreaterThanOrEqualTo(2);
      return all.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("definitions")
  void startsAValidPacerWithHealthChecksAndNeverTwoActingReplicas(Path file) throws IOException {
    JsonObject app = new JsonObject(Files.readString(file));
    assertThat(app.getString("id")).startsWith("/");
    assertThat(app.getDouble("cpus")).isGreaterThan(0);
    assertThat(app.getDouble("mem")).isGreaterThanOrEqualTo(512);

    JsonObject health = app.getJsonArray("healthChecks").getJsonObject(0);
    assertThat(health.getString("path")).isEqualTo("/health");
    assertThat(health.getString("protocol")).isIn("HTTP", "MESOS_HTTP");
    assertThat(app.getJsonArray("readinessChecks").getJsonObject(0).getString("path"))
        .isEqualTo("/ready");

    // The config the args give, with the secrets the env gives, is one Pacer accepts.
    JsonArray args = app.getJsonArray("args");
    assertThat(args.getString(0)).isEqualTo("run");
    assertThat(args.getString(2)).isEqualTo("/etc/pacer/pacer.conf");
    Map<String, String> overrides = new HashMap<>();
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.getString(i).equals("-D")) {
        String kv = args.getString(i + 1);
        overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    assertThat(app.getJsonObject("env").getString("PACER_WEBHOOK_TOKEN")).isNotBlank();
    overrides.put("pacer.autodeployer.webhook-token", "from-the-env");
    PacerProcess p =
        PacerProcess.prepare(
            ConfigLoader.load(Optional.of(Path.of("..", "conf", "pacer.conf")), overrides),
            Daemons.ALL,
            Clock.systemUTC());
    PacerConfig c = p.config();
    assertThat(health.getInteger("portIndex")).isZero();
    assertThat(
            app.getJsonObject("container")
                .getJsonArray("portMappings")
                .getJsonObject(0)
                .getInteger("containerPort"))
        .isEqualTo(c.http().port());

    JsonObject upgrade = app.getJsonObject("upgradeStrategy");
    if (c.ha().enabled()) {
      assertThat(app.getInteger("instances")).isGreaterThanOrEqualTo(2);
      assertThat(app.getJsonArray("constraints"))
          .contains(new JsonArray().add("hostname").add("UNIQUE"));
      assertThat(c.events().backend()).isEqualTo(PacerConfig.Backend.KAFKA);
      assertThat(upgrade.getDouble("maximumOverCapacity")).isZero();
    } else {
      assertThat(app.getInteger("instances")).isEqualTo(1);
      assertThat(upgrade.getDouble("minimumHealthCapacity")).isZero();
      assertThat(upgrade.getDouble("maximumOverCapacity")).isZero();
      assertThat(app.getValue("unreachableStrategy")).isEqualTo("disabled");
      // the pauses live in state-dir: on a local persistent volume, which outlives the task
      assertThat(p.usesStateDir()).isTrue();
      JsonArray volumes = app.getJsonObject("container").getJsonArray("volumes");
      assertThat(volumes).as("volumes of %s", file).isNotNull();
      JsonObject mount =
          volumes.stream()
              .map(JsonObject.class::cast)
              .filter(v -> v.getString("containerPath").equals(c.stateDir().toString()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no volume at " + c.stateDir()));
      assertThat(
              volumes.stream()
                  .map(JsonObject.class::cast)
                  .filter(v -> v.getString("containerPath").equals(mount.getString("hostPath")))
                  .findFirst()
                  .orElseThrow()
                  .getJsonObject("persistent")
                  .getInteger("size"))
          .isPositive();
    }

    Vertx vertx = Vertx.vertx();
    try {
      MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
      int status =
          result(
                  WebClient.create(vertx)
                      .postAbs(marathon.url() + "/v2/apps")
                      .putHeader("Content-Type", "application/json")
                      .sendBuffer(Buffer.buffer(app.encode())))
              .statusCode();
      assertThat(status).isEqualTo(201);
      assertThat(marathon.storedApp(app.getString("id")).getInteger("instances"))
          .isEqualTo(app.getInteger("instances"));
    } finally {
      result(vertx.close());
    }
  }
}

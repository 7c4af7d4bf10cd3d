package dev.pacer.launcher;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.KafkaBroker;
import dev.pacer.testsupport.PacerHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision journal of a Pacer: the decisions published on the backbone read back as each
 * subject's timeline, newest first, and the same after a restart, on the local backbone (its file
 * in the state dir) and on Kafka (rebuilt from the topics).
 */
class JournalIT {
  final Vertx vertx = Vertx.vertx();
  @TempDir Path stateDir;

  @AfterEach
  void stop() {
    result(vertx.close());
  }

  private static void publish(PacerHarness pacer, String topic, PacerEvent e) {
    EventBackbone b = pacer.process().runtime().backbone();
    result(b.publish(topic, e.subject().isEmpty() ? "global" : e.subject(), e));
  }

  private static List<String> types(PacerHarness pacer, String path) {
    JsonArray entries = new JsonObject(pacer.get(path)).getJsonArray("entries");
    return entries.stream().map(o -> ((JsonObject) o).getString("type")).toList();
  }

  private void survivesARestart(Map<String, String> settings) {
    MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    Instant t = Instant.now().minusSeconds(60);
    PacerHarness first = PacerHarness.start(marathon.url(), settings, List.of());
    List<String> expected;
    try {
      publish(
          first,
          Topics.ACTIONS,
          new PacerEvent(
              "h1",
              "pacer",
              "pacer.scale.held",
              "/shop/web",
              t,
              Map.of("instances", 3, "hold", "cooldown", "reason", "scaled 2 min ago")));
      publish(
          first,
          Topics.ACTIONS,
          new PacerEvent(
              "a1",
              "pacer",
              "pacer.scale.applied",
              "/shop/web",
              t.plusSeconds(10),
              Map.of("instances", 3, "to", 5, "value", 0.91)));
      publish(
          first,
          Topics.ACTIONS,
          new PacerEvent(
              "d1",
              "pacer",
              "pacer.deploy.succeeded",
              "/shop/web",
              t.plusSeconds(20),
              Map.of("image", "acme/web:1.3.0")));
      publish(
          first,
          Topics.ACTIONS,
          new PacerEvent(
              "p1", "pacer", "pacer.agents.held", "scaling", t.plusSeconds(5), Map.of()));
      publish(
          first,
          Topics.CONTROL,
          new PacerEvent(
              "c1",
              "pacer",
              "pacer.control.paused",
              "",
              t.plusSeconds(30),
              Map.of("scope", "/shop/web", "reason", "incident")));
      expected =
          List.of(
              "pacer.control.paused",
              "pacer.deploy.succeeded",
              "pacer.scale.applied",
              "pacer.scale.held");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> types(first, "/apps/shop/web/timeline").equals(expected));
      JsonObject applied =
          new JsonObject(first.get("/apps/shop/web/timeline?limit=3"))
              .getJsonArray("entries")
              .getJsonObject(2);
      assertThat(applied.getJsonObject("data").getInteger("to")).isEqualTo(5);
      assertThat(
              new JsonObject(first.get("/apps/shop/web/timeline?limit=2")).getJsonArray("entries"))
          .hasSize(2);
      assertThat(types(first, "/pools/scaling/timeline")).containsExactly("pacer.agents.held");
      assertThat(types(first, "/images/acme/web:1.3.0")).containsExactly("pacer.deploy.succeeded");
      assertThat(types(first, "/apps/shop/nope/timeline")).isEmpty();
      assertThat(first.get("/")).contains("<title>Pacer</title>").contains("/shop/web");
    } finally {
      first.close();
    }

    // the first start serves the status page at /; the second, without it, only the JSON
    Map<String, String> noPage = new HashMap<>(settings);
    noPage.put("pacer.http.ui.enabled", "false");
    PacerHarness second = PacerHarness.start(marathon.url(), noPage, List.of());
    try {
      assertThat(second.get("/")).contains("no endpoint GET /");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> types(second, "/apps/shop/web/timeline").equals(expected));
      assertThat(second.status().getJsonObject("journal").getLong("entries")).isEqualTo(6);
    } finally {
      second.close();
      result(marathon.close());
    }
  }

  @Test
  void theJournalIsTheSameAfterARestartOnTheLocalBackbone() {
    survivesARestart(Map.of("pacer.state-dir", stateDir.toString()));
  }

  @Test
  void theJournalIsRebuiltFromTheTopicsAfterARestartOnKafka() {
    Map<String, String> kafka = new HashMap<>();
    kafka.put("pacer.events.backend", "kafka");
    kafka.put("pacer.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers());
    // the same topics for both starts: what the second reads is what the first published
    kafka.put("pacer.kafka.topic-prefix", "journal-" + UUID.randomUUID() + ".");
    kafka.put("pacer.state-dir", stateDir.toString());
    survivesARestart(kafka);
  }
}

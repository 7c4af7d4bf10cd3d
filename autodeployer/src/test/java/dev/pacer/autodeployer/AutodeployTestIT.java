package dev.pacer.autodeployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /autodeploy/test} ({@code pacer autodeploy test}) against what a real push then does:
 * for each case of the table, the verdict it gives every app, then the push through the real
 * registry, then what each app's lane actually did (started, skipped with its rule, held, dry run).
 */
class AutodeployTestIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ADMIN = "test-admin";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path stateDir;
  AutodeployerFixture f;

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  JsonObject test(String image) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(f.pacer.url("/autodeploy/test")))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("image", image).encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** app → "verdict rule" as the test says it. */
  static Map<String, String> predicted(JsonObject answer) {
    Map<String, String> m = new TreeMap<>();
    for (Object o : answer.getJsonArray("apps")) {
      JsonObject a = (JsonObject) o;
      m.put(a.getString("app"), a.getString("verdict") + " " + a.getString("rule"));
    }
    return m;
  }

  /** app → "verdict rule" as the lanes did it, from their events about {@code image}. */
  Map<String, String> actual(String image) {
    Map<String, String> m = new TreeMap<>();
    for (PacerEvent e : f.actions) {
      Object img = e.data().get("image");
      if (img == null || !img.toString().equals(image)) {
        continue;
      }
      switch (e.type()) {
        case "pacer.deploy.started" -> m.put(e.subject(), "deploys deploy");
        case "pacer.deploy.skipped" -> m.put(e.subject(), "skips " + e.data().get("rule"));
        case "pacer.deploy.held" -> m.put(e.subject(), "holds frozen");
        case "pacer.deploy.dry_run" -> m.put(e.subject(), "dry-run dry-run");
        case "pacer.deploy.approval" -> m.put(e.subject(), "awaits-approval approval");
        default -> {}
      }
    }
    return m;
  }

  boolean matchedNothing(String image) {
    return f.actions.stream()
        .anyMatch(
            e ->
                e.type().equals("pacer.push.matched")
                    && e.subject().equals(image)
                    && ((java.util.List<?>) e.data().get("matched")).isEmpty());
  }

  @Test
  void theTestAgreesWithWhatARealPushThenDoesForATableOfCases() throws Exception {
    f =
        new AutodeployerFixture(
            Map.of(
                "pacer.events.backend",
                "local",
                "pacer.admin.token",
                ADMIN,
                "pacer.state-dir",
                stateDir.toString()),
            AutodeployerFixture.app("/t/glob", "acme/glob:master-0", 1, "acme/glob:master*"),
            AutodeployerFixture.app("/t/glob2", "acme/glob:master-0", 1, "acme/glob:*"),
            AutodeployerFixture.app("/t/other", "acme/other:1", 1, "acme/other:*"),
            AutodeployerFixture.app(
                "/t/semver",
                "acme/sem:2.3.0",
                1,
                "{ image = \"acme/sem\", policy = semver, range = \"^2.3\", ignore = [\"*-debug\"] }"),
            AutodeployerFixture.app(
                "/t/num",
                "acme/num:master-5",
                1,
                "{ image = \"acme/num:master-*\", policy = numerical,"
                    + " tags = \"^master-(?<ts>[0-9]+)$\", extract = \"$ts\" }"),
            AutodeployerFixture.app("/t/frozen", "acme/frz:1", 1, "acme/frz:*"),
            AutodeployerFixture.app(
                "/t/dry", "acme/dry:1", 1, "{ image = \"acme/dry:*\", dryRun = true }"),
            AutodeployerFixture.app(
                "/t/approved", "acme/apr:1", 1, "{ image = \"acme/apr:*\", approvals = 1 }"));
    assertThat(f.pacer.post("/pause", "{\"scope\": \"deploys:/t/frozen\", \"for\": \"1h\"}", ADMIN))
        .isEqualTo(200);
    // mistakes in the request are named
    for (String[] bad :
        new String[][] {
          {"{\"image\": \"not an image!!\"}", "image: "},
          {"{\"image\": \"r.io/acme/glob:1\", \"digest\": 42}", "digest: expected"},
          {"{}", "registry.example.com/acme/web:2.4.1"}
        }) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(f.pacer.url("/autodeploy/test")))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(bad[0]))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(r.body()).as(bad[0]).contains(bad[1]);
    }
    String host = f.registry.host();
    // {repository, tag, the verdicts expected of the apps it matches ("" for none)}
    String[][] table = {
      {"acme/glob", "master-1", "/t/glob deploys deploy, /t/glob2 deploys deploy"},
      {"acme/glob", "main-1", "/t/glob2 deploys deploy"},
      {"acme/sem", "2.4.0", "/t/semver deploys deploy"},
      {"acme/sem", "3.0.0", "/t/semver skips policy"},
      {"acme/sem", "2.3.9", "/t/semver skips older"},
      {"acme/sem", "2.5.0-debug", "/t/semver skips policy"},
      {"acme/num", "master-10", "/t/num deploys deploy"},
      {"acme/num", "master-7", "/t/num skips older"},
      {"acme/num", "release-3", ""},
      {"acme/frz", "2", "/t/frozen holds frozen"},
      {"acme/dry", "2", "/t/dry dry-run dry-run"},
      {"acme/apr", "2", "/t/approved awaits-approval approval"},
      // the same image again, while its approval waits: nothing new is asked
      {"acme/apr", "2", "/t/approved skips awaiting-approval"},
      {"acme/nowhere", "1", ""},
    };
    for (String[] row : table) {
      String image = host + "/" + row[0] + ":" + row[1];
      JsonObject answer = test(image);
      Map<String, String> expected = new TreeMap<>();
      if (!row[2].isEmpty()) {
        for (String s : row[2].split(", ")) {
          String[] p = s.split(" ", 2);
          expected.put(p[0], p[1]);
        }
      }
      assertThat(predicted(answer)).as("the test of %s", image).isEqualTo(expected);
      f.registry.push(row[0], row[1]);
      if (expected.isEmpty()) {
        await().atMost(WAIT).until(() -> matchedNothing(image));
        JsonArray nearest = answer.getJsonArray("nearest");
        assertThat(nearest).as("the nearest patterns of %s", image).isNotEmpty();
      } else {
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(actual(image))
                        .as("what a push of %s did", image)
                        .isEqualTo(expected));
      }
      // the next case starts from the outcome of this one
      await().atMost(WAIT).until(() -> expected.keySet().stream().noneMatch(this::busy));
    }
    assertThat(f.image("/t/semver")).endsWith(":2.4.0");
    assertThat(f.image("/t/num")).endsWith(":master-10");
    assertThat(f.image("/t/frozen")).isEqualTo("acme/frz:1");
    assertThat(f.image("/t/dry")).isEqualTo("acme/dry:1");
    assertThat(f.image("/t/approved")).isEqualTo("acme/apr:1");
  }

  /** A deploy of the app is in Marathon's hands (the frozen app's held push is not). */
  boolean busy(String appId) {
    JsonObject lane = f.lane(appId);
    return lane.containsKey("in-flight") || lane.containsKey("waiting-for-tag");
  }
}

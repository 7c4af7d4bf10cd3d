package dev.pacer.common.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseBook;
import dev.pacer.common.events.types.AgentDraining;
import dev.pacer.common.events.types.DeployEvent;
import dev.pacer.common.events.types.DeployRolledBack;
import dev.pacer.common.events.types.DeploySkipped;
import dev.pacer.common.events.types.DeploySucceeded;
import dev.pacer.common.events.types.EventData;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.PauseEvent;
import dev.pacer.common.events.types.PauseSet;
import dev.pacer.common.events.types.PoolHeld;
import dev.pacer.common.events.types.PoolInputs;
import dev.pacer.common.events.types.ScaleApplied;
import dev.pacer.common.events.types.ScaleEvent;
import dev.pacer.common.events.types.ScaleHeld;
import dev.pacer.common.journal.Decisions;
import dev.pacer.common.journal.Journal;
import dev.pacer.common.journal.JournalEntries;
import dev.pacer.common.journal.StateViews;
import dev.pacer.testkit.ManualClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status page's HTML for each decision the issue names, rendered from the journal the daemons'
 * typed events fill (the browser test, {@code StatusPageIT}, drives a live one): every decision's
 * line with its inputs, the sentences, the filters and pages of the overview.
 */
class StatusPageTest {
  static final Instant T = Decisions.T;
  final ManualClock clock = new ManualClock(T.plusSeconds(300));
  final Vertx vertx = Vertx.vertx();
  final Journal journal = new Journal(500, Duration.ofDays(7), clock);
  final StateViews views = new StateViews();
  final Map<String, Map<String, Object>> scale = new TreeMap<>();
  final PauseBook pauses = new PauseBook();
  HttpServer server;

  @BeforeEach
  void start() throws Exception {
    views.app("autoscale", StateViews.part(id -> scale.getOrDefault(id, Map.of()), scale::keySet));
    Router router = Router.router(vertx);
    new StatusPage(views, journal, pauses, () -> null, new LiveEvents(), clock, "test-1")
        .mount(router);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  String get(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    return r.body();
  }

  void publish(String subject, Instant at, EventData d) {
    JournalEntries.of(EventTypes.event("pacer/test", subject, at, d)).forEach(journal::record);
  }

  static ScaleEvent.Facts facts(int n, Double value, String reason, Instant downCooldown) {
    return Decisions.scale(n, value, reason, null, downCooldown);
  }

  static DeployEvent.Facts deploy(String image, String previous, String reason) {
    return Decisions.deploy(image, previous, reason);
  }

  @Test
  void anAppsPageShowsEachOfItsDecisionsWithItsInputsAndTheSentences() throws Exception {
    publish("/shop/web", T, new ScaleApplied(facts(3, 0.91, "0.91 is above up 0.7", null), 5, "d"));
    Instant until = T.plus(Duration.ofMinutes(15));
    publish(
        "/shop/web",
        T.plusSeconds(10),
        new ScaleHeld(
            facts(
                5,
                0.31,
                "0.31 is below down 0.4; scaling down to 4 waits for the cooldown until " + until,
                until),
            "cooldown",
            false));
    publish(
        "/shop/web",
        T.plusSeconds(20),
        new ScaleHeld(facts(5, null, "Graphite returned only nulls", null), "no_data", false));
    publish(
        "",
        T.plusSeconds(30),
        new PauseSet(
            new PauseEvent.Facts("/shop/web", T, T.plusSeconds(3600), "incident 42", "alice")));
    publish(
        "/shop/web",
        T.plusSeconds(40),
        new DeploySucceeded(deploy("r.io/shop/web:2.4.1", null, "")));
    publish(
        "/shop/web",
        T.plusSeconds(50),
        new DeploySkipped(
            deploy("r.io/shop/web:2.4.0", null, "pushed before what it runs"), "older"));
    publish(
        "/shop/web",
        T.plusSeconds(60),
        new DeploySkipped(deploy("r.io/shop/web:2.4.1", null, "runs it"), "already-running"));
    publish(
        "/shop/web",
        T.plusSeconds(70),
        new DeployRolledBack(
            deploy("r.io/shop/web:2.4.0", "r.io/shop/web:2.4.2", "deployment d-2 failed"), "bob"));
    scale.put(
        "/shop/web",
        new LinkedHashMap<>(
            Map.of(
                "instances",
                5,
                "min",
                2,
                "max",
                10,
                "down",
                0.4,
                "up",
                0.7,
                "value",
                0.31,
                "hold",
                "cooldown",
                "decision",
                "held",
                "reason",
                "0.31 is below down 0.4; scaling down to 4 waits for the cooldown until " + until,
                "down-cooldown-until",
                until.toString())));

    String page = get("/ui/apps/shop/web");
    assertThat(page)
        .contains("<h1>/shop/web</h1>")
        .contains("scaled 3 → 5: 0.91 is above up 0.7 [0.91 in band 0.4–0.7, bounds 2–10]")
        .contains("held at 5 (cooldown): 0.31 is below down 0.4; scaling down to 4 waits")
        .contains("down-cooldown until 2026-12-04T10:57:00Z")
        .contains("held at 5 (no data): Graphite returned only nulls [no value in band")
        .contains("paused /shop/web until 2026-12-04T11:42:00Z by alice: incident 42")
        .contains("deployed r.io/shop/web:2.4.1")
        .contains("push of r.io/shop/web:2.4.0 (sha256:abababababab…) not deployed (older)")
        .contains("not deployed (already-running): runs it")
        .contains("rolled back to r.io/shop/web:2.4.0 from r.io/shop/web:2.4.2 by bob")
        // the sentences of pacer explain
        .contains(
            "<p>/shop/web is at 5 instances (bounds 2–10), set at 10:42:00 from 3 because 0.91 is"
                + " above up 0.7 (band 0.4–0.7).</p>")
        .contains(
            "<p>It would scale down now (0.31 is below down 0.4) but its down-cooldown lasts until"
                + " 10:57:00.</p>")
        .contains(
            "<p>It was rolled back at 10:43:10 to r.io/shop/web:2.4.0 from r.io/shop/web:2.4.2"
                + " by bob: deployment d-2 failed.</p>");
    // the chart's series: the scale decisions' values and counts, and the present
    assertThat(page)
        .containsPattern("\"value\":\\[0\\.91,0\\.31,null,0\\.31\\]")
        .containsPattern("\"instances\":\\[5,5,5,5\\]");
  }

  @Test
  void aPoolsPageShowsADrainAndAHoldOnAPartialViewWithWhatTheyWeighed() throws Exception {
    PoolInputs inputs =
        new PoolInputs(
            0.76,
            0.81,
            0.9,
            0.2,
            11.5,
            10_000,
            0,
            6,
            6,
            0,
            6,
            List.of(
                new PoolInputs.Considered("i-a3", "a3", 0, true, "idle"),
                new PoolInputs.Considered("i-a5", "a5", 1, false, "max-down 1 reached")));
    publish(
        "scaling",
        T,
        new AgentDraining(
            "scaling",
            "asg-1",
            "i-a3",
            "a3",
            "10.0.0.3",
            0,
            Duration.ofMinutes(30),
            "free cpus 76 %",
            inputs));
    String why =
        "2 of 5 instances of the group are not in Mesos (40 % > 30 %): no action on a partial view";
    publish("scaling", T.plusSeconds(60), new PoolHeld("scaling", "missing", why, false, inputs));

    String page = get("/ui/pools/scaling");
    assertThat(page)
        .contains("<h1>Pool scaling</h1>")
        .contains(
            "draining a3 (i-a3, 0 task(s), hard cap PT30M): free cpus 76 %; considered: i-a3"
                + " chosen (idle), i-a5 kept (max-down 1 reached)")
        .contains(
            "held (missing): " + html(why) + " [free cpus 76 %, mem 81 %, disk 90 %, target 20 %")
        .contains("<p>It holds (missing) since 10:43:00: " + html(why) + ".</p>")
        .contains("<p>Draining a3 (i-a3, 0 task(s)) since 10:42:00, chosen as idle");
  }

  @Test
  void theOverviewFiltersAndPagesTheAppsAndListsThePauses() throws Exception {
    for (int i = 0; i < 120; i++) {
      String id = String.format("/team/app-%03d", i);
      scale.put(
          id,
          Map.of(
              "instances",
              2,
              "min",
              2,
              "max",
              4,
              "down",
              0.4,
              "up",
              0.7,
              "hold",
              i % 10 == 0 ? "cooldown" : "in_band",
              "decision",
              "held"));
    }
    pauses.apply(
        "pacer.control.paused",
        new Pause("global", T, T.plusSeconds(3600), "Graphite <maintenance>", "carol"));

    String first = get("/");
    assertThat(rows(first)).hasSize(StatusPage.PAGE_SIZE).first().isEqualTo("/team/app-000");
    assertThat(first)
        .contains("120 of 120")
        .contains("page 1 of 3")
        // the template escapes '=' too (mustache.java); a browser reads it as /?page=2
        .contains("rel=\"next\" href=\"/?page&#61;2\"")
        // escaped: a reason is text, never markup
        .contains("Graphite &lt;maintenance&gt;")
        .doesNotContain("Graphite <maintenance>");
    assertThat(rows(get("/?page=3"))).hasSize(20).last().isEqualTo("/team/app-119");
    assertThat(rows(get("/?q=app-11")))
        .containsExactly(
            "/team/app-110",
            "/team/app-111",
            "/team/app-112",
            "/team/app-113",
            "/team/app-114",
            "/team/app-115",
            "/team/app-116",
            "/team/app-117",
            "/team/app-118",
            "/team/app-119");
    assertThat(rows(get("/?hold=cooldown")))
        .hasSize(12)
        .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(10)) % 10).isZero());
    assertThat(get("/?hold=cooldown"))
        .contains("12 of 120")
        .contains("<option value=\"cooldown\" selected>");
    // a page past the last shows the last
    assertThat(rows(get("/?page=99"))).last().isEqualTo("/team/app-119");
  }

  static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static List<String> rows(String html) {
    return java.util.regex.Pattern.compile("<tr class=\"app\" data-app=\"([^\"]+)\">")
        .matcher(html)
        .results()
        .map(m -> m.group(1))
        .toList();
  }
}

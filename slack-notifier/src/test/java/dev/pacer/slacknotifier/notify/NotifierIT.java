package dev.pacer.slacknotifier.notify;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.time.VertxScheduler;
import dev.pacer.slacknotifier.delivery.Delivery;
import dev.pacer.slacknotifier.delivery.DeliverySettings;
import dev.pacer.slacknotifier.delivery.TokenSink;
import dev.pacer.slacknotifier.routing.Routes;
import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.slack.SlackMessageRecord;
import dev.pacer.testkit.slack.SlackSimulator;
import dev.pacer.testsupport.PacerSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The notifier's own rules, on the Slack and Marathon simulators: coalescing, once, routing. */
class NotifierIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  final Vertx vertx = Vertx.vertx();
  final Context ctx = vertx.getOrCreateContext();
  final SlackSimulator slack = result(SlackSimulator.start(vertx));
  final MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
  Delivery delivery;
  Notifier notifier;

  @AfterEach
  void close() {
    result(vertx.close());
  }

  void start(Map<String, String> routes, Duration window) {
    MarathonClient client = PacerSettings.marathonClient(vertx, marathon.url());
    notifier =
        on(
            () -> {
              delivery =
                  new Delivery(
                      vertx,
                      new TokenSink(SlackSimulator.TOKEN, slack.apiUrl(), Duration.ofSeconds(5)),
                      new DeliverySettings(
                          Duration.ofMillis(50),
                          Duration.ofSeconds(2),
                          500,
                          new VertxScheduler(vertx, Clock.systemUTC())));
              return new Notifier(
                  client,
                  delivery,
                  new Routes(routes, "#deploys"),
                  new VertxScheduler(vertx, Clock.systemUTC()),
                  Duration.ofMinutes(5),
                  window);
            });
  }

  <T> T on(Supplier<T> s) {
    return result(Future.<T>future(p -> ctx.runOnContext(v -> p.complete(s.get()))));
  }

  void handle(PacerEvent e) {
    result(Future.<Void>future(p -> ctx.runOnContext(v -> notifier.onAction(e).onComplete(p))));
  }

  static PacerEvent scaled(String app, int from, int to) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("instances", from);
    d.put("to", to);
    d.put("value", 0.9);
    d.put("down", 0.4);
    d.put("up", 0.7);
    d.put("reason", "above the band");
    return PacerEvent.create("pacer/autoscaler", "pacer.scale.applied", app, Instant.now(), d);
  }

  @Test
  void twentyScaleActionsWithinTheWindowAreOneSummaryInTheRoutedChannel() {
    marathon.seedApp(
        AppDefinitions.docker("/app/0", "x:1", 2, new JsonObject().put("slack.channel", "#team")));
    start(Map.of("pacer.scale.*", "#ops"), Duration.ofSeconds(2));
    List<String> apps = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      apps.add("/app/" + i);
      handle(scaled("/app/" + i, 2, 3));
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                // one look on the notifier's context: two could straddle the window's end
                on(
                    () ->
                        delivery.idle()
                            && (int) notifier.status().get("scale-events-waiting") == 0));
    assertThat(slack.messages("#ops"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.text()).isEqualTo("20 scale events in 2 s");
              apps.forEach(a -> assertThat(m.everything()).contains("`" + a + "` 2 → 3"));
            });
    assertThat(slack.messages("#team")).isEmpty();
    assertThat(slack.messages("#deploys")).isEmpty();
  }

  @Test
  void aLabelErrorIsSaidOncePerAppAndErrorInTheAppsChannel() {
    marathon.seedApp(
        AppDefinitions.docker("/bad", "x:1", 1, new JsonObject().put("slack.channel", "#team")));
    start(Map.of(), Duration.ZERO);
    PacerEvent bad =
        PacerEvent.create(
            "pacer/autoscaler",
            "pacer.autoscale.label_invalid",
            "/bad",
            Instant.now(),
            Map.of("reason", "min is 0"));
    handle(bad);
    handle(
        PacerEvent.create(
            "pacer/autoscaler",
            "pacer.autoscale.label_invalid",
            "/bad",
            Instant.now(),
            Map.of("reason", "min is 0")));
    handle(
        PacerEvent.create(
            "pacer/autoscaler",
            "pacer.autoscale.label_invalid",
            "/bad",
            Instant.now(),
            Map.of("reason", "max < min")));
    await().atMost(WAIT).until(() -> on(() -> delivery.idle()));
    assertThat(slack.messages("#team"))
        .extracting(SlackMessageRecord::text)
        .containsExactly(
            "The autoscale label of /bad is ignored: min is 0",
            "The autoscale label of /bad is ignored: max < min");
  }
}

package dev.pacer.slacknotifier.delivery;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.time.VertxScheduler;
import dev.pacer.slacknotifier.format.Blocks;
import dev.pacer.slacknotifier.format.SlackMessage;
import dev.pacer.slacknotifier.plan.Op;
import dev.pacer.testkit.slack.SlackMessageRecord;
import dev.pacer.testkit.slack.SlackSimulator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery queues and both Slack sinks, through the Slack SDK, against the Slack simulator. */
class DeliveryIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  final Vertx vertx = Vertx.vertx();
  final Context ctx = vertx.getOrCreateContext();
  final SlackSimulator slack = result(SlackSimulator.start(vertx));
  Delivery delivery;

  @AfterEach
  void close() {
    if (delivery != null) {
      on(() -> delivery.close());
    }
    result(slack.close());
    result(vertx.close());
  }

  static SlackMessage msg(String text) {
    return SlackMessage.of(text, List.of(Blocks.section("*" + text + "*")));
  }

  Delivery delivery(SlackSink sink, Duration minInterval, int capacity) {
    delivery =
        on(
            () ->
                new Delivery(
                    vertx,
                    sink,
                    new DeliverySettings(
                        minInterval,
                        Duration.ofSeconds(2),
                        capacity,
                        new VertxScheduler(vertx, Clock.systemUTC()))));
    return delivery;
  }

  TokenSink token() {
    return new TokenSink(SlackSimulator.TOKEN, slack.apiUrl(), Duration.ofSeconds(5));
  }

  <T> T on(Callable<T> c) {
    return result(
        Future.<T>future(
            p ->
                ctx.runOnContext(
                    v -> {
                      try {
                        p.complete(c.call());
                      } catch (Exception e) {
                        p.fail(e);
                      }
                    })));
  }

  void on(Runnable r) {
    on(
        () -> {
          r.run();
          return null;
        });
  }

  /** A stop waits for the Slack call in flight, then sends nothing more. */
  @Test
  void closeWaitsForTheCallInFlightAndSendsNothingAfter() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    SlackSink slow =
        new SlackSink() {
          @Override
          public String mode() {
            return "token";
          }

          @Override
          public boolean updatesInPlace() {
            return true;
          }

          @Override
          public Outcome post(String channel, SlackMessage message, String threadTs) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            sent.add(message.text());
            return new Outcome.Posted("C1", "1.0" + sent.size());
          }

          @Override
          public Outcome update(String channelId, String ts, SlackMessage message) {
            return post(channelId, message, null);
          }
        };
    Delivery d = delivery(slow, Duration.ofMillis(1), 10);
    on(
        () ->
            d.send("#deploys", dev.pacer.slacknotifier.plan.Op.post(null, msg("one"), false, "t")));
    on(
        () ->
            d.send("#deploys", dev.pacer.slacknotifier.plan.Op.post(null, msg("two"), false, "t")));
    assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Future<Void> closed = on(() -> d.close());
    // a close that did not wait would be done at once
    org.awaitility.Awaitility.await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !closed.isComplete());
    release.countDown();
    result(closed);
    assertThat(sent).containsExactly("one");
    delivery = null;
  }

  @Test
  void theTokenSinkPostsUpdatesAndRepliesInTheThreadAndNamesEachError() {
    TokenSink sink = token();
    Outcome.Posted p = (Outcome.Posted) sink.post("#deploys", msg("first"), null);
    assertThat(sink.update(p.channelId(), p.ts(), msg("second")))
        .isInstanceOf(Outcome.Posted.class);
    assertThat(sink.post("#deploys", msg("reply"), p.ts())).isInstanceOf(Outcome.Posted.class);
    SlackMessageRecord parent = slack.messages().get(0);
    assertThat(parent.history()).containsExactly("first", "second");
    assertThat(slack.messages().get(1).threadTs()).isEqualTo(p.ts());

    assertThat(
            new TokenSink("xoxb-wrong", slack.apiUrl(), Duration.ofSeconds(5))
                .post("#deploys", msg("x"), null))
        .isEqualTo(new Outcome.Permanent("invalid_auth"));
    slack.failChannel("#gone", "channel_not_found");
    assertThat(sink.post("#gone", msg("x"), null))
        .isEqualTo(new Outcome.Permanent("channel_not_found"));
    // a payload over Slack's limits is refused by the simulator, as Slack would
    String tooLong = "x".repeat(3_001);
    assertThat(
            sink.post(
                "#deploys",
                SlackMessage.of(
                    "t",
                    List.of(
                        Map.of(
                            "type", "section", "text", Map.of("type", "mrkdwn", "text", tooLong)))),
                null))
        .isEqualTo(new Outcome.Refused("invalid_blocks"));
    slack.ratePerSecond(1);
    sink.post("#limited", msg("a"), null);
    assertThat(sink.post("#limited", msg("b"), null))
        .isEqualTo(new Outcome.RateLimited(Duration.ofSeconds(1)));
    slack.down(true);
    assertThat(sink.post("#deploys", msg("x"), null)).isInstanceOf(Outcome.Transient.class);
  }

  @Test
  void theWebhookSinkPostsAndNamesEachError() {
    WebhookSink sink = new WebhookSink(slack.webhookUrl(), Duration.ofSeconds(5));
    assertThat(sink.post("ignored", msg("hello"), null)).isInstanceOf(Outcome.Posted.class);
    assertThat(slack.messages())
        .singleElement()
        .satisfies(m -> assertThat(m.webhook()).isNotEmpty());
    slack.failNext("channel_is_archived");
    assertThat(sink.post("x", msg("x"), null))
        .isEqualTo(new Outcome.Permanent("channel_is_archived"));
    assertThat(
            new WebhookSink(slack.webhookUrl() + "revoked", Duration.ofSeconds(5))
                .post("x", msg("x"), null))
        .isEqualTo(new Outcome.Permanent("no_service"));
    slack.ratePerSecond(1);
    assertThat(sink.post("x", msg("y"), null)).isInstanceOf(Outcome.RateLimited.class);
  }

  @Test
  void aHundredEventsForOneChannelWithinASecondKeepToTheRateAndLoseNothing() {
    slack.ratePerSecond(6);
    delivery(token(), Duration.ofMillis(200), 500);
    // 20 deployments, each: posted, updated twice, two replies in its thread = 100 ops
    on(
        () -> {
          for (int i = 0; i < 20; i++) {
            String key = "deploy-" + i;
            delivery.send("#deploys", Op.post(key, msg(key + " started"), false, "deploys"));
            delivery.send("#deploys", Op.update(key, msg(key + " running"), "deploys"));
            delivery.send("#deploys", Op.reply(key, msg(key + " step 1"), "deploy steps"));
            delivery.send("#deploys", Op.update(key, msg(key + " succeeded"), "deploys"));
            delivery.send("#deploys", Op.reply(key, msg(key + " step 2"), "deploy steps"));
          }
        });
    await().atMost(WAIT).until(() -> on(() -> delivery.idle()));
    assertThat(slack.rateLimited()).as("429s").isZero();
    List<SlackMessageRecord> all = slack.messages("#deploys");
    for (int i = 0; i < 20; i++) {
      String key = "deploy-" + i;
      List<SlackMessageRecord> parents =
          all.stream().filter(m -> !m.isReply() && m.text().startsWith(key + " ")).toList();
      assertThat(parents)
          .as(key)
          .singleElement()
          .satisfies(m -> assertThat(m.text()).isEqualTo(key + " succeeded"));
      assertThat(all)
          .filteredOn(m -> m.isReply() && m.threadTs().equals(parents.get(0).ts()))
          .extracting(SlackMessageRecord::text)
          .containsExactly(key + " step 1", key + " step 2");
    }
    assertThat(slack.violations()).isEmpty();
  }

  @Test
  void a429IsWaitedOutWithItsRetryAfterNotHammered() {
    slack.ratePerSecond(1);
    delivery(token(), Duration.ofMillis(50), 500);
    on(
        () -> {
          for (int i = 0; i < 4; i++) {
            delivery.send("#ops", Op.post(null, msg("m" + i), false, "test"));
          }
        });
    await().atMost(WAIT).until(() -> on(() -> delivery.idle()));
    assertThat(slack.messages("#ops"))
        .extracting(SlackMessageRecord::text)
        .containsExactly("m0", "m1", "m2", "m3");
    // each 429 is followed by a wait of its Retry-After, after which the same message goes through
    assertThat(slack.rateLimited()).isLessThanOrEqualTo(3);
  }

  @Test
  void aFullQueueDropsLowPriorityFirstAndTheChannelIsToldHowMany() {
    slack.down(true);
    delivery(token(), Duration.ofMillis(20), 5);
    on(
        () -> {
          delivery.send("#deploys", Op.post(null, msg("high 0"), false, "deploys"));
          for (int i = 0; i < 3; i++) {
            delivery.send("#deploys", Op.post(null, msg("push " + i), true, "image pushes"));
          }
          for (int i = 1; i < 5; i++) {
            delivery.send("#deploys", Op.post(null, msg("high " + i), false, "deploys"));
          }
        });
    await().atMost(WAIT).until(() -> slack.calls().size() >= 2); // retried while down
    slack.down(false);
    await().atMost(WAIT).until(() -> on(() -> delivery.idle()));
    assertThat(slack.messages("#deploys"))
        .extracting(SlackMessageRecord::text)
        .containsExactly(
            "high 0",
            "3 messages were dropped here: 3 image pushes",
            "high 1",
            "high 2",
            "high 3",
            "high 4");
    assertThat(on(() -> delivery.status()).toString()).contains("dropped=3");
  }

  @Test
  void aPermanentErrorIsNotRetriedAndOtherChannelsAreUnaffected() {
    slack.failChannel("#gone", "channel_not_found");
    delivery(token(), Duration.ofMillis(20), 500);
    on(
        () -> {
          for (int i = 0; i < 3; i++) {
            delivery.send("#gone", Op.post(null, msg("lost " + i), false, "deploys"));
            delivery.send("#deploys", Op.post(null, msg("ok " + i), false, "deploys"));
          }
        });
    await().atMost(WAIT).until(() -> on(() -> delivery.idle()));
    assertThat(slack.calls()).filteredOn(c -> c.contains("#gone")).hasSize(3);
    assertThat(slack.messages("#deploys")).hasSize(3);
    assertThat(on(() -> delivery.status()).toString())
        .contains("last-error=channel_not_found")
        .contains("failed=3");
  }
}

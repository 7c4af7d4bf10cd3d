package dev.pacer.slacknotifier;

import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.EventHandler;
import dev.pacer.common.events.Topics;
import dev.pacer.common.runtime.DaemonVerticle;
import dev.pacer.common.runtime.PacerRuntime;
import dev.pacer.slacknotifier.delivery.Delivery;
import dev.pacer.slacknotifier.delivery.DeliverySettings;
import dev.pacer.slacknotifier.delivery.SlackSink;
import dev.pacer.slacknotifier.notify.Notifier;
import dev.pacer.slacknotifier.routing.Routes;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slack-notifier's verticle: follows the four topics as its own consumer groups (a slow Slack
 * delays only Slack) and hands each event to the {@link Notifier}.
 */
public final class SlackNotifierVerticle extends DaemonVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(SlackNotifierVerticle.class);
  static final String GROUP = "pacer.slack-notifier";

  private final SlackNotifierConfig settings;
  private final Supplier<SlackSink> sinks;
  private final List<EventBackbone.Subscription> subscriptions = new ArrayList<>();
  private Delivery delivery;
  private Notifier notifier;

  SlackNotifierVerticle(
      PacerRuntime runtime, SlackNotifierConfig config, Supplier<SlackSink> sinks) {
    super(SlackNotifierMain.NAME, runtime);
    this.settings = config;
    this.sinks = sinks;
  }

  @Override
  protected Future<?> startDaemon() {
    SlackSink sink = sinks.get();
    delivery =
        new Delivery(
            vertx,
            sink,
            new DeliverySettings(
                settings.minInterval(),
                settings.maxBackoff(),
                settings.queueSize(),
                runtime.scheduler()),
            runtime.metrics());
    notifier =
        new Notifier(
            runtime.marathon(),
            delivery,
            new Routes(settings.routes(), settings.defaultChannel()),
            runtime.scheduler(),
            settings.labelTtl(),
            settings.coalesceWindow(),
            runtime.config().stateDir());
    if (sink.mode().equals("console")) {
      LOG.warn(
          "slack-notifier prints its messages (console mode): to post them to Slack, set"
              + " pacer.slack.token (or pacer.slack.token-file, $PACER_SLACK_TOKEN) with"
              + " pacer.slack.default-channel, or pacer.slack.webhook-url ($PACER_SLACK_WEBHOOK_URL)");
    } else {
      LOG.info("slack-notifier posts in {} mode", sink.mode());
    }
    EventBackbone b = runtime.backbone();
    return Future.all(
            List.of(
                subscribe(b, Topics.REGISTRY, notifier::onRegistry),
                subscribe(b, Topics.MARATHON, notifier::onMarathon),
                subscribe(b, Topics.ACTIONS, notifier::onAction),
                subscribe(b, Topics.CONTROL, notifier::onControl)))
        .mapEmpty();
  }

  private Future<Void> subscribe(EventBackbone b, String topic, EventHandler h) {
    return b.subscribe(topic, GROUP + "." + topic, h)
        .map(
            s -> {
              subscriptions.add(s);
              return null;
            });
  }

  @Override
  protected Future<?> stopDaemon() {
    List<Future<Void>> closing = new ArrayList<>();
    subscriptions.forEach(s -> closing.add(s.close()));
    // the Slack calls in flight end before the process's event loops do
    return Future.join(closing)
        .eventually(() -> delivery == null ? Future.succeededFuture() : delivery.close());
  }

  @Override
  protected Map<String, Object> status() {
    return notifier == null ? Map.of() : notifier.status();
  }
}

package dev.pacer.autodeployer.deploy;

import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.types.DeployStarted;
import dev.pacer.common.events.types.EventData;
import dev.pacer.common.events.types.EventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the autodeployer tells the others, on {@code pacer.actions}, keyed by app id; and counts:
 * {@code pacer.autodeployer.deploys{outcome}} and {@code pacer.autodeployer.push.to.deploy}, the
 * time from the registry's push to Marathon taking the deployment.
 */
final class DeployEvents {
  private final ActionPublisher actions;
  private final Clock clock;
  private final Map<String, Counter> outcomes = new LinkedHashMap<>();
  private final Timer pushToDeploy;
  private final Counter skipped;

  DeployEvents(EventBackbone backbone, String source, Clock clock, MeterRegistry metrics) {
    this.actions = new ActionPublisher(backbone, source, clock);
    this.clock = clock;
    for (String type :
        new String[] {
          EventTypes.DEPLOY_STARTED,
          EventTypes.DEPLOY_SUCCEEDED,
          EventTypes.DEPLOY_FAILED,
          EventTypes.DEPLOY_ROLLED_BACK
        }) {
      outcomes.put(
          type,
          Counter.builder("pacer.autodeployer.deploys")
              .description("deployments by what became of them")
              .tag("outcome", type.substring(type.lastIndexOf('.') + 1))
              .register(metrics));
    }
    // a push that deployed nothing, for a reason worth seeing in a graph (the tag never came)
    this.skipped =
        Counter.builder("pacer.autodeployer.deploys")
            .description("deployments by what became of them")
            .tag("outcome", "skipped")
            .register(metrics);
    this.pushToDeploy =
        Timer.builder("pacer.autodeployer.push.to.deploy")
            .description("from the registry's push to Marathon taking the deployment")
            .register(metrics);
  }

  Future<Void> publish(String appId, EventData data) {
    Counter c = outcomes.get(data.type());
    if (c != null) {
      c.increment();
    }
    if (data instanceof DeployStarted started && started.pushedAt() != null) {
      // The registry's clock against ours: a small skew must not make it negative.
      Duration d = Duration.between(started.pushedAt(), clock.instant());
      pushToDeploy.record(d.isNegative() ? Duration.ZERO : d);
    }
    return actions.publish(appId, data);
  }

  void skipped() {
    skipped.increment();
  }
}

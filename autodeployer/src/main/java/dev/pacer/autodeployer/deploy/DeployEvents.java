package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.events.ActionPublisher;
import dev.pacer.common.events.EventBackbone;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the autodeployer tells the others, on {@code pacer.actions}, keyed by app id; and counts:
 * {@code pacer.autodeployer.deploys{outcome}} and {@code pacer.autodeployer.push.to.deploy}, the
 * time from the registry's push to Marathon taking the deployment.
 */
final class DeployEvents {
  static final String STARTED = dev.pacer.autodeployer.plan.DeployEventTypes.STARTED;
  static final String SUCCEEDED = dev.pacer.autodeployer.plan.DeployEventTypes.SUCCEEDED;
  static final String FAILED = dev.pacer.autodeployer.plan.DeployEventTypes.FAILED;
  static final String ROLLED_BACK = dev.pacer.autodeployer.plan.DeployEventTypes.ROLLED_BACK;
  static final String LABEL_INVALID = "pacer.autodeploy.label_invalid";
  private final ActionPublisher actions;
  private final Clock clock;
  private final Map<String, Counter> outcomes = new LinkedHashMap<>();
  private final Timer pushToDeploy;
  private final Counter skipped;

  DeployEvents(EventBackbone backbone, String source, Clock clock, MeterRegistry metrics) {
    this.actions = new ActionPublisher(backbone, source, clock);
    this.clock = clock;
    for (String type : new String[] {STARTED, SUCCEEDED, FAILED, ROLLED_BACK}) {
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

  Future<Void> publish(String type, String appId, Map<String, Object> data) {
    Counter c = outcomes.get(type);
    if (c != null) {
      c.increment();
    }
    if (STARTED.equals(type) && data.get("pushed-at") instanceof String at) {
      // The registry's clock against ours: a small skew must not make it negative.
      Duration d = Duration.between(Instant.parse(at), clock.instant());
      pushToDeploy.record(d.isNegative() ? Duration.ZERO : d);
    }
    return actions.publish(type, appId, data);
  }

  void skipped() {
    skipped.increment();
  }

  /** The fields every deploy.* event carries; {@code push} is null when none applies. */
  static Map<String, Object> data(
      String image, String previous, String deploymentId, ImagePush push, String reason) {
    return dev.pacer.autodeployer.plan.DeployEventTypes.data(
        image, previous, deploymentId, push, reason);
  }
}

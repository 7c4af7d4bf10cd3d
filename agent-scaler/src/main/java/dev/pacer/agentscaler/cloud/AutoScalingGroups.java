package dev.pacer.agentscaler.cloud;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClientBuilder;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * The pool's cloud side: AWS Auto Scaling groups through the AWS SDK v2's {@code
 * AutoScalingAsyncClient} (non-blocking), its futures brought back onto the caller's Vert.x
 * context. Scale-up only through the desired capacity; scale-in only by terminating exactly the
 * instance Pacer chose, with the desired capacity decremented, so the group's own termination
 * policy never picks a victim.
 */
public final class AutoScalingGroups implements AutoCloseable {
  /** What Pacer reads of a group. */
  public record Group(String name, int min, int max, int desired, List<Instance> instances) {}

  public record Instance(String id, String lifecycleState, boolean protectedFromScaleIn) {}

  /** A scaling activity of the group: what it was ({@code Launching …}/{@code Terminating …}). */
  public record Activity(String description, java.time.Instant start) {
    public boolean launch() {
      return description.startsWith("Launching");
    }

    public boolean termination() {
      return description.startsWith("Terminating");
    }
  }

  /** How many of the newest activities are read: enough for any cooldown of a sane group. */
  static final int ACTIVITIES = 100;

  private final Vertx vertx;
  private final AutoScalingAsyncClient client;

  /**
   * @param endpoint null for AWS's own; else an override (a proxy, a VPC endpoint, a simulator)
   */
  public AutoScalingGroups(
      Vertx vertx, String region, URI endpoint, AwsCredentialsProvider credentials) {
    this.vertx = vertx;
    AutoScalingAsyncClientBuilder b =
        AutoScalingAsyncClient.builder().region(Region.of(region)).credentialsProvider(credentials);
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    this.client = b.build();
  }

  public Future<Group> describe(String name) {
    return on(client.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)))
        .map(
            r -> {
              AutoScalingGroup g =
                  r.autoScalingGroups().stream()
                      .filter(x -> x.autoScalingGroupName().equals(name))
                      .findFirst()
                      .orElseThrow(
                          () -> new IllegalStateException("no Auto Scaling group named " + name));
              return new Group(
                  name,
                  g.minSize(),
                  g.maxSize(),
                  g.desiredCapacity(),
                  g.instances().stream()
                      .map(
                          i ->
                              new Instance(
                                  i.instanceId(),
                                  i.lifecycleStateAsString(),
                                  Boolean.TRUE.equals(i.protectedFromScaleIn())))
                      .toList());
            });
  }

  /**
   * The group's newest scaling activities, newest first (AWS sorts them by start time): what took
   * effect, which the cooldowns are derived from, so a restart or a failover never shortens one.
   */
  public Future<List<Activity>> activities(String group) {
    return on(client.describeScalingActivities(
            r -> r.autoScalingGroupName(group).maxRecords(ACTIVITIES)))
        .map(
            r ->
                r.activities().stream()
                    .filter(a -> a.startTime() != null && a.description() != null)
                    .map(a -> new Activity(a.description(), a.startTime()))
                    .toList());
  }

  /** Raises the desired capacity; never used to lower it (the group would pick the victims). */
  public Future<Void> scaleUpTo(String group, int desired) {
    return describe(group)
        .compose(
            g ->
                desired <= g.desired()
                    ? Future.failedFuture(
                        new IllegalArgumentException(
                            "refusing to set "
                                + group
                                + "'s desired capacity to "
                                + desired
                                + ": it is "
                                + g.desired()
                                + ", and only a scale-up goes through the desired capacity"))
                    : on(client.setDesiredCapacity(
                            r ->
                                r.autoScalingGroupName(group)
                                    .desiredCapacity(desired)
                                    .honorCooldown(false)))
                        .mapEmpty());
  }

  /** Terminates exactly this instance and lowers the desired capacity by one. */
  public Future<Void> terminate(String instanceId) {
    return on(client.terminateInstanceInAutoScalingGroup(
            r -> r.instanceId(instanceId).shouldDecrementDesiredCapacity(true)))
        .mapEmpty();
  }

  /** Protects instances from scale-in, so that only Pacer picks victims. */
  public Future<Void> protect(String group, List<String> instanceIds) {
    if (instanceIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return on(client.setInstanceProtection(
            r -> r.autoScalingGroupName(group).instanceIds(instanceIds).protectedFromScaleIn(true)))
        .mapEmpty();
  }

  @Override
  public void close() {
    client.close();
  }

  private <T> Future<T> on(CompletableFuture<T> cf) {
    Context ctx = vertx.getOrCreateContext();
    return Future.fromCompletionStage(cf, ctx)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause()
                        : e));
  }
}

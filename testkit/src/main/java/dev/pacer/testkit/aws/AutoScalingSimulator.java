package dev.pacer.testkit.aws;

import dev.pacer.testkit.HttpSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The EC2 Auto Scaling API over real HTTP on a free loopback port, speaking the AWS query protocol
 * (form-encoded {@code Action=…&Version=2011-01-01}, XML answers in the {@code
 * http://autoscaling.amazonaws.com/doc/2011-01-01/} namespace, {@code ErrorResponse} with HTTP 400)
 * as {@code shared/contracts/README.md} §6 describes it: {@code DescribeAutoScalingGroups}, {@code
 * SetDesiredCapacity} (a lower value lets the group's own termination policy pick victims among the
 * unprotected instances), {@code TerminateInstanceInAutoScalingGroup} (exactly that instance, the
 * desired capacity down by one when asked) and {@code SetInstanceProtection}. New instances are
 * launched at once, InService, and announced to {@link #onLaunch}, so a Mesos simulator can
 * register their agents. Every launch and termination is a scaling activity, as AWS records them,
 * served newest first by {@code DescribeScalingActivities} with the simulator's clock as their
 * times. {@link #failNext} makes the next calls of an action fail with an AWS error, as a transient
 * fault would. Signatures are not checked. Thread-safe.
 */
public final class AutoScalingSimulator extends HttpSimulator {
  static final String NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

  /** One instance of a group. */
  public record Instance(String id, String az, boolean protectedFromScaleIn) {}

  static final class Group {
    final String name;
    final int min;
    final int max;
    int desired;
    final boolean newProtected;
    final Map<String, Instance> instances = new LinkedHashMap<>();

    Group(String name, int min, int max, int desired, boolean newProtected) {
      this.name = name;
      this.min = min;
      this.max = max;
      this.desired = desired;
      this.newProtected = newProtected;
    }
  }

  /** One scaling activity, as {@code DescribeScalingActivities} answers it. */
  public record Activity(
      String id, String group, String description, String cause, java.time.Instant start) {}

  /** A change of a group's desired capacity that took effect, and when. */
  public record DesiredChange(String group, int from, int to, java.time.Instant at) {}

  private final java.time.Clock clock;
  private final List<Activity> activities = new ArrayList<>();
  private final List<DesiredChange> desiredChanges = new ArrayList<>();
  private final Map<String, java.util.ArrayDeque<String>> failures = new HashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<String> terminated = new ArrayList<>();
  private Consumer<Instance> launched = i -> {};
  private Consumer<String> gone = id -> {};
  private int nextInstance = 1;

  private AutoScalingSimulator(java.time.Clock clock) {
    this.clock = clock;
  }

  public static Future<AutoScalingSimulator> start(Vertx vertx) {
    return start(vertx, java.time.Clock.systemUTC());
  }

  /** With {@code clock} for the times of its activities (a test's virtual time). */
  public static Future<AutoScalingSimulator> start(Vertx vertx, java.time.Clock clock) {
    return listen(vertx, new AutoScalingSimulator(clock));
  }

  /**
   * The next {@code times} calls of {@code action} fail with the AWS error {@code code}, such as
   * {@code ScalingActivityInProgress}; nothing changes.
   */
  public synchronized void failNext(String action, String code, int times) {
    var q = failures.computeIfAbsent(action, a -> new java.util.ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      q.add(code);
    }
  }

  /** The endpoint to give the SDK ({@code endpointOverride}). */
  public String url() {
    return base();
  }

  // ---- set-up ----

  /** A group with {@code desired} instances launched at once. */
  public synchronized void createGroup(
      String name, int min, int max, int desired, boolean newInstancesProtected) {
    Group g = new Group(name, min, max, desired, newInstancesProtected);
    groups.put(name, g);
    converge(g);
  }

  /** Called for every instance launched (after this is set), on the server's thread. */
  public synchronized void onLaunch(Consumer<Instance> l) {
    launched = l;
  }

  /** Called with the id of every instance terminated. */
  public synchronized void onTerminate(Consumer<String> t) {
    gone = t;
  }

  // ---- what happened ----

  public synchronized int desired(String group) {
    return groups.get(group).desired;
  }

  public synchronized List<Instance> instances(String group) {
    return List.copyOf(groups.get(group).instances.values());
  }

  /** Instances terminated, in order, by Pacer or by the group's own policy. */
  public synchronized List<String> terminated() {
    return List.copyOf(terminated);
  }

  /** Every scaling activity, oldest first. */
  public synchronized List<Activity> activities() {
    return List.copyOf(activities);
  }

  /** Every change of a desired capacity through SetDesiredCapacity that took effect, in order. */
  public synchronized List<DesiredChange> desiredChanges() {
    return List.copyOf(desiredChanges);
  }

  /** Every call's Action and outcome. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  // ---- HTTP ----

  @Override
  protected void handle(HttpServerRequest req) {
    req.body()
        .onSuccess(
            b -> {
              String[] answer;
              synchronized (this) {
                answer = answer(form(b.toString(StandardCharsets.UTF_8)));
              }
              req.response()
                  .setStatusCode(Integer.parseInt(answer[0]))
                  .putHeader("Content-Type", "text/xml")
                  .putHeader("x-amzn-RequestId", answer[2])
                  .end(answer[1]);
            });
  }

  private String[] answer(Map<String, String> p) {
    String action = p.getOrDefault("Action", "");
    String rid = UUID.randomUUID().toString();
    try {
      String injected = failures.getOrDefault(action, new java.util.ArrayDeque<>()).poll();
      if (injected != null) {
        throw new AwsQuery.AwsError(injected, "injected: " + injected);
      }
      String result =
          switch (action) {
            case "DescribeScalingActivities" -> describeActivities(p);
            case "DescribeAutoScalingGroups" -> describe(p);
            case "SetDesiredCapacity" -> setDesired(p);
            case "TerminateInstanceInAutoScalingGroup" -> terminate(p);
            case "SetInstanceProtection" -> protect(p);
            default ->
                throw new AwsQuery.AwsError("InvalidAction", "Could not find operation " + action);
          };
      calls.add(action + " ok");
      return new String[] {"200", AwsQuery.response(action, result, rid), rid};
    } catch (AwsQuery.AwsError e) {
      calls.add(action + " " + e.code);
      return new String[] {"400", AwsQuery.error(e, rid), rid};
    }
  }

  private String describe(Map<String, String> p) {
    StringBuilder sb = new StringBuilder("<DescribeAutoScalingGroupsResult><AutoScalingGroups>");
    List<String> names = AwsQuery.members(p, "AutoScalingGroupNames");
    for (Group g : groups.values()) {
      if (!names.isEmpty() && !names.contains(g.name)) {
        continue;
      }
      AwsQuery.group(sb, g);
    }
    return sb.append("</AutoScalingGroups></DescribeAutoScalingGroupsResult>").toString();
  }

  private String setDesired(Map<String, String> p) {
    Group g = group(p);
    int d = Integer.parseInt(p.getOrDefault("DesiredCapacity", "-1"));
    if (d > g.max) {
      throw new AwsQuery.AwsError(
          "ValidationError",
          "New SetDesiredCapacity value "
              + d
              + " is above max value "
              + g.max
              + " for the AutoScalingGroup.");
    }
    if (d < g.min) {
      throw new AwsQuery.AwsError(
          "ValidationError",
          "New SetDesiredCapacity value "
              + d
              + " is below min value "
              + g.min
              + " for the AutoScalingGroup.");
    }
    int before = g.desired;
    g.desired = d;
    if (d != before) {
      desiredChanges.add(new DesiredChange(g.name, before, d, clock.instant()));
    }
    converge(
        g,
        "a user request explicitly set group desired capacity changing the desired capacity from "
            + before
            + " to "
            + d);
    return "";
  }

  private String terminate(Map<String, String> p) {
    String id = p.getOrDefault("InstanceId", "");
    String decrement = p.get("ShouldDecrementDesiredCapacity");
    if (decrement == null) {
      throw new AwsQuery.AwsError(
          "ValidationError",
          "1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null");
    }
    Group g =
        groups.values().stream()
            .filter(x -> x.instances.containsKey(id))
            .findFirst()
            .orElseThrow(
                () ->
                    new AwsQuery.AwsError(
                        "ValidationError",
                        "Instance Id not found - No managed instance found for instance ID: "
                            + id));
    boolean dec = Boolean.parseBoolean(decrement);
    if (dec && g.desired - 1 < g.min) {
      throw new AwsQuery.AwsError(
          "ValidationError",
          "Currently, desiredCapacity="
              + g.desired
              + " and minSize="
              + g.min
              + ". Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.");
    }
    g.instances.remove(id);
    terminated.add(id);
    gone.accept(id);
    if (dec) {
      g.desired--;
    }
    Activity a =
        record(
            g,
            "Terminating EC2 instance: " + id,
            "At "
                + clock.instant()
                + " instance "
                + id
                + " was taken out of service in response to a user request"
                + (dec
                    ? ", shrinking the capacity from " + (g.desired + 1) + " to " + g.desired
                    : "")
                + ".");
    converge(g, "an instance was taken out of service in response to a user request");
    return "<TerminateInstanceInAutoScalingGroupResult><Activity>"
        + AwsQuery.activityXml(a, "InProgress", 0)
        + "</Activity></TerminateInstanceInAutoScalingGroupResult>";
  }

  private String protect(Map<String, String> p) {
    Group g = group(p);
    boolean prot = Boolean.parseBoolean(p.getOrDefault("ProtectedFromScaleIn", "false"));
    for (String id : AwsQuery.members(p, "InstanceIds")) {
      Instance i = g.instances.get(id);
      if (i == null) {
        throw new AwsQuery.AwsError(
            "ValidationError",
            "The instance " + id + " is not part of Auto Scaling group " + g.name + ".");
      }
      g.instances.put(id, new Instance(id, i.az(), prot));
    }
    return "<SetInstanceProtectionResult/>";
  }

  /**
   * {@code DescribeScalingActivities}: the group's activities, newest first (AWS sorts by start
   * time, descending), at most {@code MaxRecords} (default 100).
   */
  private String describeActivities(Map<String, String> p) {
    return AwsQuery.activities(activities, p);
  }

  /** Records an activity of {@code g} started now, as AWS lists it; returns it. */
  private Activity record(Group g, String description, String cause) {
    Activity a =
        new Activity(UUID.randomUUID().toString(), g.name, description, cause, clock.instant());
    activities.add(a);
    return a;
  }

  /** Launches up to desired; above it, the group's own policy ends unprotected instances. */
  private void converge(Group g) {
    converge(g, "the group was created");
  }

  private void converge(Group g, String why) {
    java.time.Instant now = clock.instant();
    while (g.instances.size() < g.desired) {
      Instance i =
          new Instance(String.format("i-%017x", nextInstance++), "us-east-1a", g.newProtected);
      g.instances.put(i.id(), i);
      record(
          g,
          "Launching a new EC2 instance: " + i.id(),
          "At "
              + now
              + " "
              + why
              + ".  At "
              + now
              + " an instance was started in response to a difference between desired and"
              + " actual capacity, increasing the capacity from "
              + (g.instances.size() - 1)
              + " to "
              + g.instances.size()
              + ".");
      launched.accept(i);
    }
    List<String> unprotected = new ArrayList<>();
    g.instances
        .values()
        .forEach(
            i -> {
              if (!i.protectedFromScaleIn()) {
                unprotected.add(i.id());
              }
            });
    while (g.instances.size() > g.desired && !unprotected.isEmpty()) {
      String id = unprotected.remove(unprotected.size() - 1); // newest first, as a stand-in
      g.instances.remove(id);
      terminated.add(id);
      record(
          g,
          "Terminating EC2 instance: " + id,
          "At "
              + now
              + " "
              + why
              + ".  At "
              + now
              + " an instance was taken out of service in response to a difference between"
              + " desired and actual capacity, shrinking the capacity from "
              + (g.instances.size() + 1)
              + " to "
              + g.instances.size()
              + ".");
      gone.accept(id);
    }
  }

  private Group group(Map<String, String> p) {
    Group g = groups.get(p.getOrDefault("AutoScalingGroupName", ""));
    if (g == null) {
      throw new AwsQuery.AwsError("ValidationError", "AutoScalingGroup name not found - null");
    }
    return g;
  }
}

package dev.pacer.testkit.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The AWS query protocol as the simulator speaks it: form-encoded requests, the XML response and
 * {@code ErrorResponse} envelopes (contracts §6), list members, and XML escaping.
 */
final class AwsQuery {
  private AwsQuery() {}

  /** An AWS error: its code (e.g. {@code ValidationError}) and message, answered with HTTP 400. */
  static final class AwsError extends RuntimeException {
    final String code;

    AwsError(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  static String response(String action, String result, String requestId) {
    return "<"
        + action
        + "Response xmlns=\""
        + AutoScalingSimulator.NS
        + "\">"
        + result
        + "<ResponseMetadata><RequestId>"
        + requestId
        + "</RequestId></ResponseMetadata></"
        + action
        + "Response>";
  }

  static String error(AwsError e, String requestId) {
    return "<ErrorResponse xmlns=\""
        + AutoScalingSimulator.NS
        + "\"><Error><Type>Sender</Type><Code>"
        + e.code
        + "</Code><Message>"
        + xml(e.getMessage())
        + "</Message></Error><RequestId>"
        + requestId
        + "</RequestId></ErrorResponse>";
  }

  static String activityXml(AutoScalingSimulator.Activity a, String status, int progress) {
    return "<ActivityId>"
        + a.id()
        + "</ActivityId><AutoScalingGroupName>"
        + xml(a.group())
        + "</AutoScalingGroupName><Description>"
        + xml(a.description())
        + "</Description><Cause>"
        + xml(a.cause())
        + "</Cause><StartTime>"
        + a.start()
        + "</StartTime><StatusCode>"
        + status
        + "</StatusCode><Progress>"
        + progress
        + "</Progress><Details>{\"Subnet ID\":\"subnet-0sim\",\"Availability Zone\":\"us-east-1a\"}</Details>";
  }

  static List<String> members(Map<String, String> p, String list) {
    List<String> out = new ArrayList<>();
    for (int i = 1; p.containsKey(list + ".member." + i); i++) {
      out.add(p.get(list + ".member." + i));
    }
    return out;
  }

  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** One group of {@code DescribeAutoScalingGroups}, its instances included. */
  static void group(StringBuilder sb, AutoScalingSimulator.Group g) {
    sb.append("<member><AutoScalingGroupName>")
        .append(AwsQuery.xml(g.name))
        .append(
            "</AutoScalingGroupName><AutoScalingGroupARN>arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:sim:autoScalingGroupName/")
        .append(AwsQuery.xml(g.name))
        .append("</AutoScalingGroupARN>")
        .append("<MinSize>")
        .append(g.min)
        .append("</MinSize><MaxSize>")
        .append(g.max)
        .append("</MaxSize><DesiredCapacity>")
        .append(g.desired)
        .append("</DesiredCapacity><DefaultCooldown>300</DefaultCooldown>")
        .append("<AvailabilityZones><member>us-east-1a</member></AvailabilityZones>")
        .append(
            "<HealthCheckType>EC2</HealthCheckType><CreatedTime>2026-11-22T10:00:00.000Z</CreatedTime>")
        .append("<Instances>");
    for (AutoScalingSimulator.Instance i : g.instances.values()) {
      sb.append("<member><InstanceId>")
          .append(i.id())
          .append("</InstanceId><InstanceType>m5.2xlarge</InstanceType>")
          .append("<AvailabilityZone>")
          .append(i.az())
          .append("</AvailabilityZone>")
          .append("<LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthStatus>")
          .append("<ProtectedFromScaleIn>")
          .append(i.protectedFromScaleIn())
          .append("</ProtectedFromScaleIn></member>");
    }
    sb.append("</Instances><NewInstancesProtectedFromScaleIn>")
        .append(g.newProtected)
        .append("</NewInstancesProtectedFromScaleIn></member>");
  }

  /** {@code DescribeScalingActivities}: newest first, of one group or all, up to MaxRecords. */
  static String activities(List<AutoScalingSimulator.Activity> activities, Map<String, String> p) {
    String name = p.getOrDefault("AutoScalingGroupName", "");
    int max = Integer.parseInt(p.getOrDefault("MaxRecords", "100"));
    StringBuilder sb = new StringBuilder("<DescribeScalingActivitiesResult><Activities>");
    int n = 0;
    for (int i = activities.size() - 1; i >= 0 && n < max; i--) {
      AutoScalingSimulator.Activity a = activities.get(i);
      if (name.isEmpty() || a.group().equals(name)) {
        sb.append("<member>").append(activityXml(a, "Successful", 100)).append("</member>");
        n++;
      }
    }
    return sb.append("</Activities></DescribeScalingActivitiesResult>").toString();
  }
}

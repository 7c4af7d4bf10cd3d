package dev.pacer.autoscaler.scale;

/** The event types the autoscaler publishes on {@code pacer.actions}, keyed by app id. */
public final class ScaleEvents {
  public static final String APPLIED = "pacer.scale.applied";
  public static final String HELD = "pacer.scale.held";
  public static final String DRY_RUN = "pacer.scale.dry_run";
  public static final String LABEL_INVALID = "pacer.autoscale.label_invalid";

  private ScaleEvents() {}

  /** The fields every scale event carries, and {@code /status} shows of an app. */
  static java.util.Map<String, Object> data(
      dev.pacer.common.marathon.MarathonApp app,
      dev.pacer.autoscaler.policy.AutoscalePolicy policy,
      String reason,
      dev.pacer.autoscaler.metrics.Sample sample) {
    java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
    d.put("instances", app.instances());
    if (policy != null) {
      d.put("min", policy.minInstances());
      d.put("max", policy.maxInstances());
      d.put("target", policy.target());
      d.put("down", policy.down());
      d.put("up", policy.up());
    }
    if (sample instanceof dev.pacer.autoscaler.metrics.Sample.Value v) {
      d.put("value", v.value());
    }
    d.put("reason", reason);
    return d;
  }
}

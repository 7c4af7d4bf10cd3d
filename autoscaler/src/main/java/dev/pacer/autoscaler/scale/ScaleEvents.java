package dev.pacer.autoscaler.scale;

/**
 * What the autoscaler's events ({@code pacer.scale.*}, keyed by app id) and {@code /status} say of
 * an app.
 */
public final class ScaleEvents {
  private ScaleEvents() {}

  /** The fields every scale event carries. */
  static dev.pacer.common.events.types.ScaleEvent.Facts facts(
      dev.pacer.common.marathon.MarathonApp app,
      dev.pacer.autoscaler.policy.AutoscalePolicy policy,
      String reason,
      dev.pacer.autoscaler.metrics.Sample sample) {
    return new dev.pacer.common.events.types.ScaleEvent.Facts(
        app.instances(),
        policy == null ? null : policy.minInstances(),
        policy == null ? null : policy.maxInstances(),
        policy == null ? null : policy.target(),
        policy == null ? null : policy.down(),
        policy == null ? null : policy.up(),
        sample instanceof dev.pacer.autoscaler.metrics.Sample.Value v ? v.value() : null,
        reason);
  }

  /** What {@code /status} shows of an app: the same fields. */
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

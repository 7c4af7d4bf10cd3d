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
      dev.pacer.autoscaler.metrics.Sample sample,
      String paused,
      java.time.Instant now) {
    return new dev.pacer.common.events.types.ScaleEvent.Facts(
        app.instances(),
        policy == null ? null : policy.minInstances(),
        policy == null ? null : policy.maxInstances(),
        policy == null ? null : policy.target(),
        policy == null ? null : policy.down(),
        policy == null ? null : policy.up(),
        sample instanceof dev.pacer.autoscaler.metrics.Sample.Value v ? v.value() : null,
        reason,
        policy == null ? null : cooling(app, policy.scaleUpCooldown(), now),
        policy == null ? null : cooling(app, policy.scaleDownCooldown(), now),
        paused);
  }

  /** Until when a cooldown counted from the app's last change runs; null when it is over. */
  static java.time.Instant cooling(
      dev.pacer.common.marathon.MarathonApp app,
      java.time.Duration cooldown,
      java.time.Instant now) {
    java.time.Instant last =
        dev.pacer.autoscaler.plan.ScaleInput.lastChange(
            app.lastScalingAt(), app.lastConfigChangeAt());
    if (last == null) {
      return null;
    }
    java.time.Instant until = last.plus(cooldown);
    return until.isAfter(now) ? until : null;
  }

  /** What {@code /status} shows of an app: the same fields. */
  static java.util.Map<String, Object> data(
      dev.pacer.common.marathon.MarathonApp app,
      dev.pacer.autoscaler.policy.AutoscalePolicy policy,
      String reason,
      dev.pacer.autoscaler.metrics.Sample sample,
      String paused,
      java.time.Instant now) {
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
    if (policy != null) {
      java.time.Instant up = cooling(app, policy.scaleUpCooldown(), now);
      java.time.Instant down = cooling(app, policy.scaleDownCooldown(), now);
      if (up != null) {
        d.put("up-cooldown-until", up.toString());
      }
      if (down != null) {
        d.put("down-cooldown-until", down.toString());
      }
    }
    if (paused != null) {
      d.put("paused", paused);
    }
    return d;
  }
}

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
      Reading reading,
      String paused,
      java.time.Instant now) {
    return new dev.pacer.common.events.types.ScaleEvent.Facts(
        app.instances(),
        policy == null ? null : policy.minInstances(),
        policy == null ? null : policy.maxInstances(),
        reading.rule() == null ? null : reading.rule().target(),
        reading.rule() == null ? null : reading.rule().down(),
        reading.rule() == null ? null : reading.rule().up(),
        reading.sample() instanceof dev.pacer.autoscaler.metrics.Sample.Value v ? v.value() : null,
        reason,
        policy == null ? null : cooling(app, policy.scaleUpCooldown(), now),
        policy == null ? null : cooling(app, policy.scaleDownCooldown(), now),
        paused);
  }

  /**
   * The sample the events show: the deciding metric's (the one whose recommendation won), or the
   * first metric's when none has a value.
   */
  static Reading deciding(
      dev.pacer.autoscaler.policy.AutoscalePolicy policy,
      int instances,
      java.util.List<dev.pacer.autoscaler.metrics.Sample> samples) {
    dev.pacer.autoscaler.plan.ScaleDecider.Recommendation r =
        instances > 0
            ? dev.pacer.autoscaler.plan.ScaleDecider.recommend(policy, instances, samples)
            : null;
    int i = r == null ? 0 : r.deciding();
    return new Reading(policy.metrics().get(i), samples.get(i));
  }

  /** A metric of the policy and its sample this cycle; {@code rule} null without a policy. */
  record Reading(
      dev.pacer.autoscaler.policy.MetricRule rule, dev.pacer.autoscaler.metrics.Sample sample) {
    static final Reading NONE = new Reading(null, null);
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

  /** What {@code /status} shows of an app: the same fields, named as on the wire. */
  static java.util.Map<String, Object> data(dev.pacer.common.events.types.ScaleEvent.Facts f) {
    java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
    d.put("instances", f.instances());
    put(d, "min", f.min());
    put(d, "max", f.max());
    put(d, "target", f.target());
    put(d, "down", f.down());
    put(d, "up", f.up());
    put(d, "value", f.value());
    d.put("reason", f.reason());
    put(
        d,
        "up-cooldown-until",
        f.upCooldownUntil() == null ? null : f.upCooldownUntil().toString());
    put(
        d,
        "down-cooldown-until",
        f.downCooldownUntil() == null ? null : f.downCooldownUntil().toString());
    put(d, "paused", f.paused());
    return d;
  }

  private static void put(java.util.Map<String, Object> d, String key, Object value) {
    if (value != null) {
      d.put(key, value);
    }
  }

  /** {@code /status}'s {@code last-cycle}. */
  static java.util.Map<String, Object> cycle(Autoscaler.CycleReport r) {
    java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
    c.put("started", r.started().toString());
    c.put("took-ms", r.took().toMillis());
    c.put("apps", r.apps());
    c.put("scaled", r.scaled());
    c.put("held", r.held());
    c.put("invalid", r.invalid());
    c.put("graphite-requests", r.graphiteRequests());
    return c;
  }
}

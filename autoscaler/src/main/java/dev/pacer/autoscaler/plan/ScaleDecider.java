package dev.pacer.autoscaler.plan;

import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.plan.ScaleDecision.Keep;
import dev.pacer.autoscaler.plan.ScaleDecision.ScaleTo;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.time.Duration;
import java.time.Instant;

/**
 * Chooses an app's instances for one cycle. Pure: the clock comes in {@link ScaleInput#now()}.
 *
 * <p>The step rule: above {@code up} or below {@code down}, aim the metric at the middle of the
 * band, assuming it spreads evenly over the instances (as CPU or requests per instance do): {@code
 * ceil(instances × value / midpoint)}, at least one instance up or down, at most {@code maxStepUp}
 * / {@code maxStepDown} when set, always within {@code [minInstances, maxInstances]}. Aiming at the
 * middle rather than at the edge it crossed means the next reading lands inside the band, so the
 * app does not flap (with a band around zero or below, where a ratio means nothing, the step is
 * one); stepping by at least one keeps the seed's "add or remove instances" when the metric barely
 * crosses an edge. An app below {@code minInstances} is brought up to it, even without data; an app
 * above {@code maxInstances} is brought down only with data, since nothing is ever scaled in on
 * missing data.
 *
 * <p>The order of the checks is the order of what overrides what: suspended, paused, deploying,
 * then the metric, then the cooldown of the direction chosen.
 */
public final class ScaleDecider {
  private ScaleDecider() {}

  public static ScaleDecision decide(ScaleInput in) {
    AutoscalePolicy p = in.policy();
    int n = in.instances();
    if (n <= 0) {
      return new Keep(Hold.SUSPENDED, "suspended (0 instances); scale it up by hand to resume");
    }
    if (in.pausedBecause() != null) {
      return new Keep(Hold.PAUSED, in.pausedBecause());
    }
    if (in.deploying()) {
      return new Keep(Hold.DEPLOYING, "a deployment is in flight");
    }
    int target;
    String why;
    if (in.sample() instanceof Sample.Value v) {
      double value = v.value();
      if (value > p.up()) {
        target = p.clamp(stepUp(p, n, value));
        why = format(value) + " is above up " + format(p.up());
        if (target <= n) { // at max already: never scale in while the metric is high
          return new Keep(Hold.AT_BOUND, why + ", at maxInstances " + p.maxInstances());
        }
      } else if (value < p.down()) {
        target = p.clamp(stepDown(p, n, value));
        why = format(value) + " is below down " + format(p.down());
        if (target >= n) {
          return n < p.minInstances()
              ? belowMin(in, n)
              : new Keep(Hold.AT_BOUND, why + ", at minInstances " + p.minInstances());
        }
      } else {
        target = p.clamp(n);
        why = format(value) + " is inside [" + format(p.down()) + ", " + format(p.up()) + "]";
        if (target == n) {
          return new Keep(Hold.IN_BAND, why);
        }
        why +=
            ", but "
                + n
                + " instances is outside ["
                + p.minInstances()
                + ", "
                + p.maxInstances()
                + "]";
      }
    } else {
      Sample.NoData none = (Sample.NoData) in.sample();
      if (n < p.minInstances()) {
        return belowMin(in, n);
      }
      return new Keep(Hold.NO_DATA, none.reason());
    }
    return cooled(in, new ScaleTo(n, target, why));
  }

  private static ScaleDecision belowMin(ScaleInput in, int n) {
    int min = in.policy().minInstances();
    return cooled(in, new ScaleTo(n, min, n + " instances is below minInstances " + min));
  }

  /** The decision, or a hold while the cooldown of its direction runs. */
  private static ScaleDecision cooled(ScaleInput in, ScaleTo s) {
    Duration cooldown = s.up() ? in.policy().scaleUpCooldown() : in.policy().scaleDownCooldown();
    Instant last = in.lastChange();
    if (last != null) {
      Instant until = last.plus(cooldown);
      if (in.now().isBefore(until)) {
        return new Keep(
            Hold.COOLDOWN,
            s.reason()
                + "; scaling "
                + (s.up() ? "up" : "down")
                + " to "
                + s.to()
                + " waits for the cooldown until "
                + until);
      }
    }
    return s;
  }

  static int stepUp(AutoscalePolicy p, int n, double value) {
    double aimed = p.midpoint() > 0 ? Math.ceil(n * value / p.midpoint()) : n + 1;
    int target = aimed >= p.maxInstances() ? p.maxInstances() : (int) aimed;
    target = Math.max(target, n + 1);
    if (p.maxStepUp().isPresent()) {
      target = Math.min(target, n + p.maxStepUp().getAsInt());
    }
    return target;
  }

  static int stepDown(AutoscalePolicy p, int n, double value) {
    double aimed = p.midpoint() > 0 ? Math.ceil(n * Math.max(0, value) / p.midpoint()) : n - 1;
    int target = Math.min((int) aimed, n - 1);
    if (p.maxStepDown().isPresent()) {
      target = Math.max(target, n - p.maxStepDown().getAsInt());
    }
    return target;
  }

  static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15
        ? String.valueOf((long) d)
        : String.valueOf(Math.round(d * 10_000) / 10_000.0);
  }
}

package dev.pacer.autoscaler.plan;

import dev.pacer.autoscaler.metrics.Sample;
import dev.pacer.autoscaler.plan.ScaleDecision.Keep;
import dev.pacer.autoscaler.plan.ScaleDecision.ScaleTo;
import dev.pacer.autoscaler.plan.ScaleInput.Recommended;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import dev.pacer.autoscaler.policy.MetricRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Chooses an app's instances for one cycle. Pure: the clock comes in {@link ScaleInput#now()}.
 *
 * <p>Each metric recommends a count ({@link MetricRule#recommend}). A band: above {@code up} or
 * below {@code down}, aim the metric at the middle of the band, assuming it spreads evenly over the
 * instances (as CPU or requests per instance do): {@code ceil(instances × value / midpoint)}, at
 * least one instance up or down. Aiming at the middle rather than at the edge it crossed means the
 * next reading lands inside the band, so the app does not flap (with a band around zero or below,
 * where a ratio means nothing, the step is one). A target: HPA's {@code ceil(instances × value /
 * target)} outside its tolerance.
 *
 * <p>With several metrics, the largest recommendation wins (HPA): the app scales up when any metric
 * is above its band, and down only when every metric is below its band and none is missing.
 *
 * <p>Then, in HPA's order: the stabilization windows (a scale-up goes no higher than the lowest
 * recommendation of the last {@code scaleUpStabilization}, a scale-down no lower than the highest
 * of the last {@code scaleDownStabilization}), the steps ({@code maxStepUp} / {@code maxStepDown},
 * a count or a percentage), the bounds {@code [minInstances, maxInstances]}. An app below {@code
 * minInstances} is brought up to it, even without data; an app above {@code maxInstances} is
 * brought down only with data, since nothing is ever scaled in on missing data.
 *
 * <p>The order of the checks is the order of what overrides what: suspended, paused, deploying,
 * then the metrics, then the cooldown of the direction chosen.
 */
public final class ScaleDecider {
  private ScaleDecider() {}

  /**
   * What the metrics ask for, before stabilization, steps and bounds: the largest of the metrics'
   * recommendations ({@code deciding} is its index), why in words, and {@code missing}: why a
   * metric has no value (null when every metric has one).
   */
  public record Recommendation(int instances, int deciding, String why, String missing) {}

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
    Recommendation r = recommend(p, n, in.samples());
    if (r == null) {
      if (n < p.minInstances()) {
        return belowMin(in, n);
      }
      return new Keep(Hold.NO_DATA, noData(p, in.samples()));
    }
    int raw = r.instances();
    String why = r.why();
    if (raw > n) {
      int within = p.clamp(raw);
      if (within <= n) { // at max already: never scale in while the metric is high
        return new Keep(Hold.AT_BOUND, why + ", at maxInstances " + p.maxInstances());
      }
      int s = stabilized(in, within);
      if (s <= n) {
        return new Keep(Hold.STABILIZING, why + "; " + upWindow(p, s));
      }
      int to = p.maxStepUp() == null ? s : Math.min(s, n + p.maxStepUp().up(n));
      return cooled(
          in, new ScaleTo(n, p.clamp(to), s < within ? why + " (" + upWindow(p, s) + ")" : why));
    }
    if (raw < n) {
      if (r.missing() != null) {
        if (n < p.minInstances()) {
          return belowMin(in, n);
        }
        return new Keep(
            Hold.NO_DATA, why + "; but " + r.missing() + ": never scales in on missing data");
      }
      int within = p.clamp(raw);
      if (within >= n) {
        return n < p.minInstances()
            ? belowMin(in, n)
            : new Keep(Hold.AT_BOUND, why + ", at minInstances " + p.minInstances());
      }
      int s = stabilized(in, within);
      if (s >= n) {
        return new Keep(Hold.STABILIZING, why + "; " + downWindow(p, s));
      }
      int to = p.maxStepDown() == null ? s : Math.max(s, n - p.maxStepDown().down(n));
      return cooled(
          in, new ScaleTo(n, p.clamp(to), s > within ? why + " (" + downWindow(p, s) + ")" : why));
    }
    int target = p.clamp(n);
    if (target == n) {
      return new Keep(Hold.IN_BAND, why);
    }
    if (target < n && r.missing() != null) {
      return new Keep(
          Hold.NO_DATA,
          n
              + " instances is above maxInstances "
              + p.maxInstances()
              + ", but "
              + r.missing()
              + ": never scales in on missing data");
    }
    return cooled(
        in,
        new ScaleTo(
            n,
            target,
            why
                + ", but "
                + n
                + " instances is outside ["
                + p.minInstances()
                + ", "
                + p.maxInstances()
                + "]"));
  }

  /**
   * The recommendation this cycle leaves for the stabilization windows of the next ones: the
   * metrics' within the bounds, and no fewer than the instances while a metric is missing (HPA
   * likewise); empty when nothing was read (suspended, paused, deploying, no value).
   */
  public static OptionalInt recommended(ScaleInput in) {
    if (in.instances() <= 0 || in.pausedBecause() != null || in.deploying()) {
      return OptionalInt.empty();
    }
    Recommendation r = recommend(in.policy(), in.instances(), in.samples());
    if (r == null) {
      return OptionalInt.empty();
    }
    int raw = r.missing() == null ? r.instances() : Math.max(r.instances(), in.instances());
    return OptionalInt.of(in.policy().clamp(raw));
  }

  /** The metrics' recommendation, or null when no metric has a value. */
  public static Recommendation recommend(AutoscalePolicy p, int n, List<Sample> samples) {
    List<MetricRule> metrics = p.metrics();
    int cap = Math.max(p.maxInstances(), n + 1);
    int best = -1;
    int deciding = -1;
    String missing = null;
    List<String> said = new ArrayList<>(metrics.size());
    for (int i = 0; i < metrics.size(); i++) {
      MetricRule m = metrics.get(i);
      String label = metrics.size() == 1 ? "" : m.target() + ": ";
      if (samples.get(i) instanceof Sample.Value v) {
        int rec = m.recommend(n, v.value(), cap);
        said.add(label + say(m, n, v.value(), rec));
        if (rec > best) {
          best = rec;
          deciding = i;
        }
      } else if (missing == null) {
        missing = m.target() + " has no value (" + ((Sample.NoData) samples.get(i)).reason() + ")";
      }
    }
    if (deciding < 0) {
      return null;
    }
    String why;
    if (said.size() == 1) {
      why = said.get(0);
    } else if (best > n) {
      why = said.get(indexAmongValues(samples, deciding)) + " (the most demanding metric)";
    } else if (best < n) {
      why = "every metric is below its band: " + String.join("; ", said);
    } else {
      why = String.join("; ", said);
    }
    return new Recommendation(best, deciding, why, missing);
  }

  private static int indexAmongValues(List<Sample> samples, int index) {
    int k = 0;
    for (int i = 0; i < index; i++) {
      if (samples.get(i) instanceof Sample.Value) {
        k++;
      }
    }
    return k;
  }

  private static String say(MetricRule m, int n, double value, int rec) {
    if (!m.aimed()) {
      if (m.above(value)) {
        return format(value) + " is above up " + format(m.up());
      }
      if (m.below(value)) {
        return format(value) + " is below down " + format(m.down());
      }
      return format(value) + " is inside [" + format(m.down()) + ", " + format(m.up()) + "]";
    }
    String tolerance = format(m.tolerance() * 100) + "%";
    if (!m.above(value) && !m.below(value)) {
      return format(value) + " is within " + tolerance + " of the target " + format(m.aim());
    }
    long off = Math.round(Math.abs(value / m.aim() - 1) * 100);
    String s =
        format(value)
            + " is "
            + off
            + "% "
            + (m.above(value) ? "above" : "below")
            + " the target "
            + format(m.aim())
            + " (tolerance "
            + tolerance
            + ")";
    return rec == n ? s + ", but ceil(" + n + " × " + format(value / m.aim()) + ") is " + n : s;
  }

  private static String noData(AutoscalePolicy p, List<Sample> samples) {
    if (samples.size() == 1) {
      return ((Sample.NoData) samples.get(0)).reason();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      out.add(p.metrics().get(i).target() + ": " + ((Sample.NoData) samples.get(i)).reason());
    }
    return "no metric has a value: " + String.join("; ", out);
  }

  /**
   * HPA's stabilization: the instances {@code current} and the recommendations of the windows
   * allow, the windows counted back from now (a window of 0 holds only this cycle's).
   */
  static int stabilized(ScaleInput in, int current) {
    AutoscalePolicy p = in.policy();
    Instant upFrom = in.now().minus(p.scaleUpStabilization());
    Instant downFrom = in.now().minus(p.scaleDownStabilization());
    int upRec = current;
    int downRec = current;
    for (Recommended r : in.history()) {
      if (r.at().isAfter(upFrom)) {
        upRec = Math.min(upRec, r.instances());
      }
      if (r.at().isAfter(downFrom)) {
        downRec = Math.max(downRec, r.instances());
      }
    }
    int s = in.instances();
    if (s < upRec) {
      s = upRec;
    }
    if (s > downRec) {
      s = downRec;
    }
    return s;
  }

  private static String upWindow(AutoscalePolicy p, int s) {
    return "scaleUpStabilization "
        + human(p.scaleUpStabilization())
        + " allows "
        + s
        + ", the lowest recommendation in it";
  }

  private static String downWindow(AutoscalePolicy p, int s) {
    return "scaleDownStabilization "
        + human(p.scaleDownStabilization())
        + " allows "
        + s
        + ", the highest recommendation in it";
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
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

  static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15
        ? String.valueOf((long) d)
        : String.valueOf(Math.round(d * 10_000) / 10_000.0);
  }
}

package dev.pacer.common.events.types;

/**
 * {@code pacer.scale.*} on {@code pacer.actions}, keyed by app id: what every scale event says. The
 * policy's fields ({@code min} to {@code up}) are absent when the app has no valid policy, {@code
 * value} when the metric had no value.
 */
public sealed interface ScaleEvent extends EventData permits ScaleApplied, ScaleDryRun, ScaleHeld {

  /** The fields every scale event carries (on the wire, at the top level of its data). */
  Facts facts();

  /** The app's instances when it was decided. */
  default int instances() {
    return facts().instances();
  }

  default Integer min() {
    return facts().min();
  }

  default Integer max() {
    return facts().max();
  }

  /** The Graphite target. */
  default String target() {
    return facts().target();
  }

  default Double down() {
    return facts().down();
  }

  default Double up() {
    return facts().up();
  }

  /** The metric's value the decision read. */
  default Double value() {
    return facts().value();
  }

  default String reason() {
    return facts().reason();
  }

  /** Until when a scale-up would wait for its cooldown; null when it would not wait. */
  default java.time.Instant upCooldownUntil() {
    return facts().upCooldownUntil();
  }

  /** Until when a scale-down would wait for its cooldown; null when it would not wait. */
  default java.time.Instant downCooldownUntil() {
    return facts().downCooldownUntil();
  }

  /** The pause that held the app, described; null when none. */
  default String paused() {
    return facts().paused();
  }

  /**
   * The fields every scale event carries: the decision's inputs. The cooldown deadlines are those
   * still running when it was decided (null when over or unknown), so that a reader can say "it
   * would scale down now, but its down-cooldown lasts until 10:57".
   */
  record Facts(
      int instances,
      Integer min,
      Integer max,
      String target,
      Double down,
      Double up,
      Double value,
      String reason,
      java.time.Instant upCooldownUntil,
      java.time.Instant downCooldownUntil,
      String paused) {
    /** An event without a reason (an older or foreign producer's) reads as empty. */
    public Facts {
      reason = java.util.Objects.requireNonNullElse(reason, "");
    }

    /** The facts of an older producer's event, before the cooldowns and the pause were said. */
    public Facts(
        int instances,
        Integer min,
        Integer max,
        String target,
        Double down,
        Double up,
        Double value,
        String reason) {
      this(instances, min, max, target, down, up, value, reason, null, null, null);
    }
  }
}

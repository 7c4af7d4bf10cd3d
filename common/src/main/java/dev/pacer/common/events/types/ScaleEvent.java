package dev.pacer.common.events.types;

/**
 * {@code pacer.scale.*} on {@code pacer.actions}, keyed by app id: what every scale event says. The
 * policy's fields ({@code min} to {@code up}) are absent when the app has no valid policy, {@code
 * value} when the metric had no value.
 */
public sealed interface ScaleEvent extends EventData permits ScaleApplied, ScaleDryRun, ScaleHeld {

  /** The app's instances when it was decided. */
  int instances();

  Integer min();

  Integer max();

  /** The Graphite target. */
  String target();

  Double down();

  Double up();

  /** The metric's value the decision read. */
  Double value();

  String reason();

  /** The fields every scale event carries, built once by the autoscaler. */
  record Facts(
      int instances,
      Integer min,
      Integer max,
      String target,
      Double down,
      Double up,
      Double value,
      String reason) {}
}

package dev.pacer.autoscaler.plan;

/** What the decider chose for one app in one cycle: a value, acted on by the caller. */
public sealed interface ScaleDecision {
  String reason();

  /** Change {@code from} instances to {@code to}. */
  record ScaleTo(int from, int to, String reason) implements ScaleDecision {
    public boolean up() {
      return to > from;
    }
  }

  /** Keep the instances as they are. */
  record Keep(Hold kind, String reason) implements ScaleDecision {}
}

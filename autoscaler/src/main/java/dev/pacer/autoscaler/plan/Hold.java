package dev.pacer.autoscaler.plan;

/**
 * Why an app keeps its instances this cycle. The kind, not the wording, decides whether {@code
 * pacer.scale.held} is published again: a reason that carries the metric's value would otherwise
 * repeat every cycle.
 */
public enum Hold {
  /** 0 instances: someone suspended the app on purpose. */
  SUSPENDED,
  /** A runbook paused scaling for this app or for all. */
  PAUSED,
  /** A deployment is in flight; its instance count is Marathon's business until it ends. */
  DEPLOYING,
  /** No usable metric. Never a reason to scale in. */
  NO_DATA,
  /** Inside the up or down cooldown since the last change. */
  COOLDOWN,
  /** The metric is inside the band. */
  IN_BAND,
  /**
   * The metrics say go on, but a stabilization window ({@code scaleUpStabilization}, {@code
   * scaleDownStabilization}) holds a recommendation of its own cycles that says otherwise.
   */
  STABILIZING,
  /** The metric says go on, but the app is at its min or max. */
  AT_BOUND,
  /** Marathon refused the change (409: a deployment took the app); tried again next cycle. */
  LOCKED,
  /**
   * Marathon failed the change for another reason (unavailable, refused); tried again next cycle.
   */
  FAILED,
  /** The label does not parse. */
  INVALID,
  /** This replica lost its leadership (HA) between the decision and the change: the leader acts. */
  NOT_LEADER;

  /** Holds that are the normal course of things, and so are not published as events. */
  public boolean quiet() {
    return this == IN_BAND
        || this == STABILIZING
        || this == DEPLOYING
        || this == INVALID
        || this == NOT_LEADER;
  }
}

package dev.pacer.autoscaler.scale;

/** The event types the autoscaler publishes on {@code pacer.actions}, keyed by app id. */
public final class ScaleEvents {
  public static final String APPLIED = "pacer.scale.applied";
  public static final String HELD = "pacer.scale.held";
  public static final String DRY_RUN = "pacer.scale.dry_run";
  public static final String LABEL_INVALID = "pacer.autoscale.label_invalid";

  private ScaleEvents() {}
}

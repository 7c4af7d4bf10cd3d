package dev.pacer.common.events.types;

/**
 * {@code pacer.scale.dry_run}: the app would have been scaled to {@code to}; {@code dryRun} says
 * which switch made it a dry run ({@code pacer.autoscaler.dry-run} or {@code label dryRun}).
 */
public record ScaleDryRun(
    int instances,
    Integer min,
    Integer max,
    String target,
    Double down,
    Double up,
    Double value,
    String reason,
    int to,
    String dryRun)
    implements ScaleEvent {

  public ScaleDryRun(Facts f, int to, String dryRun) {
    this(
        f.instances(),
        f.min(),
        f.max(),
        f.target(),
        f.down(),
        f.up(),
        f.value(),
        f.reason(),
        to,
        dryRun);
  }

  @Override
  public String type() {
    return EventTypes.SCALE_DRY_RUN;
  }
}

package dev.pacer.common.events.types;

/** {@code pacer.scale.applied}: Marathon took the new instance count {@code to}. */
public record ScaleApplied(
    int instances,
    Integer min,
    Integer max,
    String target,
    Double down,
    Double up,
    Double value,
    String reason,
    int to,
    String deploymentId)
    implements ScaleEvent {

  public ScaleApplied(Facts f, int to, String deploymentId) {
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
        deploymentId);
  }

  @Override
  public String type() {
    return EventTypes.SCALE_APPLIED;
  }
}

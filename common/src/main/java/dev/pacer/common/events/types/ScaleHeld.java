package dev.pacer.common.events.types;

/**
 * {@code pacer.scale.held}: the app would move but does not; {@code hold} is the kind ({@code
 * cooldown}, {@code paused}, {@code locked}, ...), said when it changes. {@code afterStart}: found
 * by the first cycle after a start, so not news (Slack does not post it).
 */
public record ScaleHeld(
    int instances,
    Integer min,
    Integer max,
    String target,
    Double down,
    Double up,
    Double value,
    String reason,
    String hold,
    boolean afterStart)
    implements ScaleEvent {

  public ScaleHeld(Facts f, String hold, boolean afterStart) {
    this(
        f.instances(),
        f.min(),
        f.max(),
        f.target(),
        f.down(),
        f.up(),
        f.value(),
        f.reason(),
        hold,
        afterStart);
  }

  @Override
  public String type() {
    return EventTypes.SCALE_HELD;
  }
}

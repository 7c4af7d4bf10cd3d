package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Objects;

/**
 * {@code pacer.control.resumed}: the pause was lifted early by {@code resumedBy}; the pause's own
 * fields say what was lifted.
 */
public record PauseResumed(@JsonUnwrapped Facts facts, String resumedBy, String resumeReason)
    implements PauseEvent {
  public PauseResumed {
    resumedBy = Objects.requireNonNullElse(resumedBy, "");
    resumeReason = Objects.requireNonNullElse(resumeReason, "");
  }

  @Override
  public String type() {
    return EventTypes.RESUMED;
  }
}

package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code pacer.scale.dry_run}: the app would have been scaled to {@code to}; {@code dryRun} says
 * which switch made it a dry run ({@code pacer.autoscaler.dry-run} or {@code label dryRun}).
 */
public record ScaleDryRun(@JsonUnwrapped Facts facts, int to, String dryRun) implements ScaleEvent {

  @Override
  public String type() {
    return EventTypes.SCALE_DRY_RUN;
  }
}

package dev.pacer.common.events.types;

import java.util.List;

/**
 * {@code pacer.agents.dry_run}: what the pool would have done; {@code victims}, the instances it
 * would have drained (absent for a scale-up).
 */
public record PoolDryRun(
    String pool,
    String group,
    int from,
    int to,
    String reason,
    List<String> victims,
    PoolInputs inputs)
    implements PoolEvent {
  public PoolDryRun {
    victims = victims == null ? null : List.copyOf(victims);
  }

  public PoolDryRun(
      String pool, String group, int from, int to, String reason, List<String> victims) {
    this(pool, group, from, to, reason, victims, null);
  }

  @Override
  public String type() {
    return EventTypes.AGENTS_DRY_RUN;
  }
}

package dev.pacer.common.control;

import java.time.Instant;
import java.util.Optional;

/** What a daemon asks of the pause state before it acts. */
public interface PauseView {

  /** The pause that holds {@code appId} at {@code now}: its own, else the global one. */
  Optional<Pause> covering(String appId, Instant now);

  /**
   * The deploy freeze that holds {@code appId}'s pushes at {@code now}: its own ({@code
   * deploys:<app id>}), else the one of all apps ({@code deploys:global}).
   */
  default Optional<Pause> freezing(String appId, Instant now) {
    return Optional.empty();
  }

  /** The digests quarantined for {@code appId}. */
  default java.util.Set<String> quarantinedDigests(String appId) {
    return java.util.Set.of();
  }

  /** The quarantine of {@code digest} for {@code appId}, when there is one. */
  default Optional<Pause> quarantined(String appId, String digest) {
    return Optional.empty();
  }

  /** The records whose scope starts with {@code prefix}, oldest first (approvals, votes). */
  default java.util.List<Pause> scoped(String prefix) {
    return java.util.List.of();
  }

  /** The record of {@code scope}, if any. */
  default Optional<Pause> get(String scope) {
    return Optional.empty();
  }

  /** No pauses at all. */
  PauseView NONE = (appId, now) -> Optional.empty();
}

package dev.pacer.common.events.types;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code pacer.registry.push} on {@code pacer.registry}, keyed by repository: one tagged manifest
 * push. The event's id is the registry's event id. {@code host} and {@code digest} are empty when
 * the source does not say (Docker Hub). Before 0.9 the push time was written {@code pushedAt}; it
 * is still read.
 */
public record RegistryPush(
    String source, String host, String repository, String tag, String digest, Instant pushedAt)
    implements EventData {

  public RegistryPush {
    source = Objects.requireNonNullElse(source, "");
    host = Objects.requireNonNullElse(host, "");
    digest = Objects.requireNonNullElse(digest, "");
    EventTypes.require(repository, "repository");
    EventTypes.require(tag, "tag");
    EventTypes.require(pushedAt, "pushed-at");
  }

  @Override
  public String type() {
    return EventTypes.REGISTRY_PUSH;
  }

  /** {@code host/repository:tag}, or {@code repository:tag} without a host. */
  public String reference() {
    return (host.isEmpty() ? "" : host + "/") + repository + ":" + tag;
  }
}

package dev.pacer.autodeployer.ingest;

import dev.pacer.common.events.types.RegistryPush;
import java.time.Instant;

/**
 * One tagged image push. {@code id} is the registry's event id (or, for hooks without one, an id
 * derived from the push), used to drop duplicates. {@code host} and {@code digest} may be empty
 * when the source does not say (Docker Hub).
 */
public record ImagePush(
    String id,
    String source,
    String host,
    String repository,
    String tag,
    String digest,
    Instant pushedAt,
    String approval) {

  /**
   * {@code approval}: the id of the approval whose votes let this push through ({@code ""}: none;
   * an app whose label asks for approvals then waits for them).
   */
  public ImagePush {
    approval = approval == null ? "" : approval;
  }

  public ImagePush(
      String id,
      String source,
      String host,
      String repository,
      String tag,
      String digest,
      Instant pushedAt) {
    this(id, source, host, repository, tag, digest, pushedAt, "");
  }

  /** This push, let through by the approval {@code id}. */
  public ImagePush approvedBy(String id) {
    return new ImagePush(this.id, source, host, repository, tag, digest, pushedAt, id);
  }

  /** {@code host/repository:tag}, or {@code repository:tag} without a host. */
  public String reference() {
    return (host.isEmpty() ? "" : host + "/") + repository + ":" + tag;
  }

  /** Its {@code pacer.registry.push} event's data. */
  public RegistryPush toEvent() {
    return new RegistryPush(source, host, repository, tag, digest, pushedAt);
  }

  /** The push of a {@code pacer.registry.push} event whose id is {@code id}. */
  public static ImagePush of(String id, RegistryPush e) {
    return new ImagePush(
        id, e.source(), e.host(), e.repository(), e.tag(), e.digest(), e.pushedAt());
  }
}

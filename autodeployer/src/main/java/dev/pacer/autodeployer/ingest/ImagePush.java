package dev.pacer.autodeployer.ingest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
    Instant pushedAt) {

  public static final String EVENT_TYPE = "pacer.registry.push";

  /** {@code host/repository:tag}, or {@code repository:tag} without a host. */
  public String reference() {
    return (host.isEmpty() ? "" : host + "/") + repository + ":" + tag;
  }

  public Map<String, Object> toData() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("host", host);
    m.put("repository", repository);
    m.put("tag", tag);
    m.put("digest", digest);
    m.put("pushedAt", pushedAt.toString());
    return m;
  }

  /**
   * @throws IllegalArgumentException naming the missing field
   */
  public static ImagePush fromData(String id, Map<String, Object> data) {
    return new ImagePush(
        id,
        text(data, "source"),
        text(data, "host"),
        required(data, "repository"),
        required(data, "tag"),
        text(data, "digest"),
        Instant.parse(required(data, "pushedAt")));
  }

  private static String text(Map<String, Object> d, String k) {
    Object v = d.get(k);
    return v == null ? "" : v.toString();
  }

  private static String required(Map<String, Object> d, String k) {
    String s = text(d, k);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("push event without " + k);
    }
    return s;
  }
}

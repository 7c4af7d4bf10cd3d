package dev.pacer.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Docker registry notifications as the registry writes them (contracts, "Docker registry"), for
 * what plays the registry without running one: the demo's pushes and the load harness's.
 */
public final class RegistryEvents {
  private RegistryEvents() {}

  /** The event of a pushed tag (its manifest): the one that deploys. */
  public static JsonObject tagPush(
      String id, String repository, String tag, String digest, JsonObject request) {
    return new JsonObject()
        .put("id", id)
        .put("timestamp", Instant.now().toString())
        .put("action", "push")
        .put(
            "target",
            new JsonObject()
                .put("mediaType", "application/vnd.docker.distribution.manifest.v2+json")
                .put("digest", digest)
                .put("repository", repository)
                .put("tag", tag))
        .put("request", request);
  }

  /** The registry's envelope around its events. */
  public static JsonObject envelope(JsonObject... events) {
    JsonArray all = new JsonArray();
    for (JsonObject e : events) {
      all.add(e);
    }
    return new JsonObject().put("events", all);
  }
}

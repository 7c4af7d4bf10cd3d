package dev.pacer.autodeployer.bench;

import dev.pacer.testkit.RegistryEvents;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;

/**
 * What the load harness sends as the registry: notification envelopes, as a registry makes them.
 */
final class RegistryLoad {
  private RegistryLoad() {}

  static Future<HttpResponse<Buffer>> post(WebClient http, int port, int app, String tag) {
    return post(http, port, envelope(manifestPush(app, tag)));
  }

  static Future<HttpResponse<Buffer>> post(WebClient http, int port, Buffer envelope) {
    return http.post(port, "127.0.0.1", "/registry/events")
        .bearerTokenAuthentication("t")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(envelope);
  }

  /** The registry's envelope around one event. */
  static Buffer envelope(JsonObject event) {
    return RegistryEvents.envelope(event).toBuffer();
  }

  /** The registry's event for a pushed tag: the one that deploys. */
  static JsonObject manifestPush(int app, String tag) {
    return RegistryEvents.tagPush(
        "bench-" + app + "-" + tag + "-" + System.nanoTime(),
        "acme/svc-" + app,
        tag,
        "sha256:" + app + tag,
        new JsonObject().put("host", "r.io"));
  }

  /** The registry's event for one pushed layer: counted and ignored. */
  static JsonObject blobPush(int app, int layer) {
    return new JsonObject()
        .put("id", "bench-blob-" + app + "-" + layer + "-" + System.nanoTime())
        .put("timestamp", Instant.now().toString())
        .put("action", "push")
        .put(
            "target",
            new JsonObject()
                .put("mediaType", "application/octet-stream")
                .put("digest", "sha256:layer" + app + "x" + layer)
                .put("repository", "acme/svc-" + app))
        .put("request", new JsonObject().put("host", "r.io"));
  }
}

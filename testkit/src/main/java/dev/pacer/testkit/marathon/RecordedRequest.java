package dev.pacer.testkit.marathon;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * One request the simulator received, for tests to assert on; {@code receivedNanos} is {@link
 * System#nanoTime()} on arrival, for latency harnesses in the same JVM.
 */
public record RecordedRequest(
    String method,
    String path,
    String query,
    Map<String, String> headers,
    String body,
    long receivedNanos) {

  public JsonObject jsonBody() {
    return body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
  }

  public String header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}

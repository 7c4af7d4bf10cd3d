package dev.pacer.testkit.marathon;

import java.util.Map;

/** What the simulated Marathon answers: status, body (JSON text or empty) and extra headers. */
record SimResponse(int status, String body, Map<String, String> headers) {
  static SimResponse json(int status, Object body) {
    return new SimResponse(status, body == null ? "" : body.toString(), Map.of());
  }

  static SimResponse error(int status, String message) {
    return json(status, new io.vertx.core.json.JsonObject().put("message", message));
  }
}

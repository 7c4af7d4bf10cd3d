package dev.pacer.testkit.marathon;

import java.util.Map;

/** What the simulated Marathon answers: status, body (JSON text or empty) and extra headers. */
record SimResponse(int status, String body, Map<String, String> headers) {
  static SimResponse json(int status, Object body) {
    return new SimResponse(status, body == null ? "" : body.toString(), Map.of());
  }

  /** A write that started a deployment: its id and the app's new version, and the header. */
  static SimResponse deployment(String deploymentId, String version) {
    return new SimResponse(
        200,
        new io.vertx.core.json.JsonObject()
            .put("deploymentId", deploymentId)
            .put("version", version)
            .toString(),
        Map.of("Marathon-Deployment-Id", deploymentId));
  }

  static SimResponse error(int status, String message) {
    return json(status, new io.vertx.core.json.JsonObject().put("message", message));
  }
}

package dev.pacer.common.marathon;

import java.util.Map;

/**
 * {@code GET /v2/apps/{id}/versions/{version}}: the app as it was at that version: its Docker image
 * ("" for none), its labels, and the whole definition as plain maps and lists (for a config diff).
 */
public record AppVersion(
    String version, String image, Map<String, String> labels, Map<String, Object> definition) {
  public AppVersion {
    labels = Map.copyOf(labels);
    definition = java.util.Collections.unmodifiableMap(definition);
  }
}

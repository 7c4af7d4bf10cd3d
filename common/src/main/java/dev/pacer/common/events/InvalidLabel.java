package dev.pacer.common.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An app label that does not parse, reported once per label text: its event data carries the reason
 * and {@code label-sha256}, the digest of the label's text, by which Slack posts it once per label
 * version, across restarts too.
 */
@FunctionalInterface
public interface InvalidLabel {
  void report(String appId, String label, String reason);

  /** The data of a {@code pacer.*.label_invalid} event. */
  static Map<String, Object> data(String label, String reason) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("reason", reason);
    d.put("label-sha256", sha256(label == null ? "" : label));
    return d;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

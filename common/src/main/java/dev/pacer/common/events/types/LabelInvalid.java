package dev.pacer.common.events.types;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code pacer.autodeploy.label_invalid} and {@code pacer.autoscale.label_invalid} on {@code
 * pacer.actions}, keyed by app id: a label that does not parse, said once per label text. {@code
 * labelSha256} is the digest of the label's text, by which Slack says it once per label version,
 * across restarts too.
 */
public sealed interface LabelInvalid extends EventData
    permits LabelInvalid.Autodeploy, LabelInvalid.Autoscale {

  String reason();

  String labelSha256();

  /** Which label: {@code autodeploy} or {@code autoscale}. */
  String label();

  static LabelInvalid of(String label, String labelText, String reason) {
    String sha = sha256(labelText == null ? "" : labelText);
    return label.equals("autoscale") ? new Autoscale(reason, sha) : new Autodeploy(reason, sha);
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

  /** {@code pacer.autodeploy.label_invalid}. */
  record Autodeploy(String reason, String labelSha256) implements LabelInvalid {
    @Override
    public String type() {
      return EventTypes.AUTODEPLOY_LABEL_INVALID;
    }

    @Override
    public String label() {
      return "autodeploy";
    }
  }

  /** {@code pacer.autoscale.label_invalid}. */
  record Autoscale(String reason, String labelSha256) implements LabelInvalid {
    @Override
    public String type() {
      return EventTypes.AUTOSCALE_LABEL_INVALID;
    }

    @Override
    public String label() {
      return "autoscale";
    }
  }
}

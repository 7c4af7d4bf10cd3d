package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.common.marathon.MarathonApp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a push goes to an app. The high-water mark lives in the app's own labels (Pacer
 * keeps no database): {@code pacer.image-digest} says what Pacer last deployed, {@code
 * pacer.image-pushed-at} when it was pushed. So a redelivered or replayed push, or an older one
 * arriving late, is skipped, and the app never goes back to an older image. A push of the tag the
 * app already runs, with a new digest, is a moved tag and is deployed. Pure.
 */
public final class DeploymentPlanner {
  public static final String DEPLOYED_BY = "pacer.deployed-by";
  public static final String IMAGE_DIGEST = "pacer.image-digest";
  public static final String IMAGE_PUSHED_AT = "pacer.image-pushed-at";
  public static final String PREVIOUS_IMAGE = "pacer.previous-image";

  /** The digest last rolled back from the app: never deployed to it again automatically. */
  public static final String ROLLED_BACK_DIGEST = "pacer.rolled-back-digest";

  /** The labels that describe the image an app runs, which a rollback puts back with the image. */
  static final List<String> IMAGE_LABELS =
      List.of(DEPLOYED_BY, IMAGE_DIGEST, IMAGE_PUSHED_AT, PREVIOUS_IMAGE);

  private DeploymentPlanner() {}

  public static DeployDecision plan(ImagePush push, MarathonApp app, AutodeployPolicy policy) {
    return plan(push, app, policy, true);
  }

  /**
   * @param rolledBackLabel whether the app's {@code pacer.rolled-back-digest} label keeps its
   *     digest out; not when the quarantines of the process's pause store decide it (a lifted
   *     quarantine lets the digest in, and the label stays on the app until its next deploy)
   */
  public static DeployDecision plan(
      ImagePush push, MarathonApp app, AutodeployPolicy policy, boolean rolledBackLabel) {
    if (!policy.pattern().matches(push.host(), push.repository(), push.tag())) {
      return new DeployDecision.Skip(
          "no-match", push.reference() + " does not match " + policy.pattern());
    }
    String refused = policy.refuses(push.tag());
    if (refused != null) {
      return new DeployDecision.Skip("policy", refused + " (policy " + policy.tags() + ")");
    }
    String image = targetImage(push, policy);
    String deployedDigest = app.labels().getOrDefault(IMAGE_DIGEST, "");
    if (!push.digest().isEmpty() && push.digest().equals(deployedDigest)) {
      return new DeployDecision.Skip("already-running", "already runs " + push.digest());
    }
    String rolledBack = rolledBackLabel ? app.labels().getOrDefault(ROLLED_BACK_DIGEST, "") : "";
    if (!push.digest().isEmpty() && push.digest().equals(rolledBack)) {
      return new DeployDecision.Skip(
          "rolled-back",
          push.digest() + " was rolled back from this app; a new image deploys, this one does not");
    }
    boolean sameImage = app.image().equals(image) || app.image().equals(push.reference());
    if (sameImage && push.digest().isEmpty()) {
      return new DeployDecision.Skip("already-running", "already runs " + app.image());
    }
    if (policy.tags().ordersTags()) {
      // the policy says which tag is newer; push times do not matter
      String running = tagOf(app.image());
      if (running != null && policy.refuses(running) == null) {
        int c = policy.tags().compare(push.tag(), running);
        if (c < 0 || (c == 0 && !push.tag().equals(running))) {
          return new DeployDecision.Skip(
              "older",
              push.tag()
                  + " is not newer than the running "
                  + running
                  + " (policy "
                  + policy.tags()
                  + "); never downgrade");
        }
      }
      return deploy(push, app, policy, image, sameImage);
    }
    Instant deployedPushAt = instant(app.labels().get(IMAGE_PUSHED_AT));
    if (deployedPushAt != null && push.pushedAt().isBefore(deployedPushAt)) {
      return new DeployDecision.Skip(
          "older",
          "push of "
              + push.pushedAt()
              + " is older than the deployed push of "
              + deployedPushAt
              + "; never downgrade");
    }
    return deploy(push, app, policy, image, sameImage);
  }

  private static DeployDecision deploy(
      ImagePush push, MarathonApp app, AutodeployPolicy policy, String image, boolean sameImage) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(DEPLOYED_BY, "pacer-autodeployer");
    labels.put(IMAGE_PUSHED_AT, push.pushedAt().toString());
    if (!push.digest().isEmpty()) {
      labels.put(IMAGE_DIGEST, push.digest());
    }
    if (!app.image().isEmpty()) {
      labels.put(PREVIOUS_IMAGE, app.image());
    }
    // Same image name, new digest: the tag moved. The label change restarts the app, which pulls it
    // again when the app has container.docker.forcePullImage.
    String reason =
        sameImage
            ? push.reference() + " moved to " + push.digest()
            : push.reference() + " matches " + policy.pattern();
    return new DeployDecision.Deploy(image, labels, reason);
  }

  /**
   * The labels of a rollback's PUT: those that described the image put back, as {@code restored}
   * had them (an image label it did not have is taken off: a null value), and the digest rolled
   * back from, so a redelivered or re-pushed copy of it is not deployed again.
   */
  public static Map<String, String> restoring(Map<String, String> restored, String rolledBack) {
    Map<String, String> labels = new java.util.HashMap<>();
    for (String k : IMAGE_LABELS) {
      labels.put(k, restored.get(k));
    }
    if (rolledBack != null && !rolledBack.isEmpty()) {
      labels.put(ROLLED_BACK_DIGEST, rolledBack);
    }
    return labels;
  }

  /** The tag of an image reference ({@code host/repo:tag@digest}); null when it has none. */
  static String tagOf(String image) {
    String s = image == null ? "" : image;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    int colon = s.lastIndexOf(':');
    return colon > s.lastIndexOf('/') && colon < s.length() - 1 ? s.substring(colon + 1) : null;
  }

  /** The image to set: the pushed reference, pinned to its digest when the label asks. */
  public static String targetImage(ImagePush push, AutodeployPolicy policy) {
    return policy.pinDigest() && !push.digest().isEmpty()
        ? push.reference() + "@" + push.digest()
        : push.reference();
  }

  private static Instant instant(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

package dev.pacer.autodeployer.plan;

import dev.pacer.autodeployer.ingest.ImagePush;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code pacer.deploy.*} event types the lane publishes, and the fields they all carry. */
public final class DeployEventTypes {
  public static final String STARTED = "pacer.deploy.started";
  public static final String SUCCEEDED = "pacer.deploy.succeeded";
  public static final String FAILED = "pacer.deploy.failed";
  public static final String ROLLED_BACK = "pacer.deploy.rolled_back";

  private DeployEventTypes() {}

  /** The fields every deploy.* event carries; {@code push} is null when none applies. */
  public static Map<String, Object> data(
      String image, String previous, String deploymentId, ImagePush push, String reason) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("image", image);
    d.put("previous-image", previous);
    d.put("deployment-id", deploymentId);
    if (push != null) {
      d.put("push-id", push.id());
      d.put("digest", push.digest());
      d.put("pushed-at", push.pushedAt().toString());
      d.put("push-source", push.source());
    }
    d.put("reason", reason);
    return d;
  }
}

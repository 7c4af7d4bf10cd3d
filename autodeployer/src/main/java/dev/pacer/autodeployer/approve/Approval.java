package dev.pacer.autodeployer.approve;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.control.Pause;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A push to {@code app} that waits for {@code needed} approving votes until {@code deadline}
 * ({@code approved} once they came, until the lane has deployed it). Kept in the control store as
 * the record {@code approval:<id>} (its fields in the record's data), so it outlives a restart and
 * a failover. Pure.
 */
public record Approval(
    String id,
    String app,
    ImagePush push,
    String image,
    String previous,
    String reason,
    int needed,
    Instant created,
    Instant deadline,
    boolean approved) {

  /** How long the store keeps a pending approval past its deadline, if no one ended it. */
  static final Duration GRACE = Duration.ofHours(1);

  /** How long an approved one waits for its deploy before the store drops it. */
  static final Duration DEPLOYING = Duration.ofDays(1);

  static final String WHO = "pacer-autodeployer";

  public String scope() {
    return Pause.APPROVAL_PREFIX + id;
  }

  /** This approval once its votes came: approved, its push on its way to the lane. */
  Approval approve() {
    return new Approval(id, app, push, image, previous, reason, needed, created, deadline, true);
  }

  /** Its record in the store; an approved one lasts {@link #DEPLOYING} from {@code now}. */
  Pause record(Instant now) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("app", app);
    d.put("image", image);
    d.put("previous", previous);
    d.put("reason", reason);
    d.put("needed", Integer.toString(needed));
    d.put("deadline", deadline.toString());
    d.put("state", approved ? "approved" : "pending");
    d.put("push-id", push.id());
    d.put("push-source", push.source());
    d.put("host", push.host());
    d.put("repository", push.repository());
    d.put("tag", push.tag());
    d.put("digest", push.digest());
    d.put("pushed-at", push.pushedAt().toString());
    Instant until = approved ? now.plus(DEPLOYING) : deadline.plus(GRACE);
    return new Pause(scope(), created, until, "deploy " + image + " to " + app, WHO, d);
  }

  /**
   * The approval a record of the store holds.
   *
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  static Approval of(Pause r) {
    if (!r.scope().startsWith(Pause.APPROVAL_PREFIX)) {
      throw new IllegalArgumentException(r.scope() + " is not an approval");
    }
    Map<String, String> d = r.data();
    try {
      ImagePush push =
          new ImagePush(
              d.getOrDefault("push-id", ""),
              d.getOrDefault("push-source", ""),
              d.getOrDefault("host", ""),
              need(d, "repository"),
              need(d, "tag"),
              d.getOrDefault("digest", ""),
              Instant.parse(need(d, "pushed-at")));
      return new Approval(
          r.scope().substring(Pause.APPROVAL_PREFIX.length()),
          need(d, "app"),
          push,
          need(d, "image"),
          d.getOrDefault("previous", ""),
          d.getOrDefault("reason", ""),
          Integer.parseInt(need(d, "needed")),
          r.at(),
          Instant.parse(need(d, "deadline")),
          "approved".equals(d.get("state")));
    } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(r.scope() + ": " + e.getMessage());
    }
  }

  private static String need(Map<String, String> d, String key) {
    String v = d.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("approval record without " + key);
    }
    return v;
  }
}

package dev.pacer.common.journal;

import dev.pacer.common.events.types.DeployEvent;
import dev.pacer.common.events.types.ScaleEvent;
import java.time.Instant;

/** The facts of the decisions the journal's and the page's tests publish, as daemons do. */
public final class Decisions {
  public static final Instant T = Instant.parse("2026-12-04T10:42:00Z");

  private Decisions() {}

  /** An app of /shop/web's policy (band 0.4–0.7, bounds 2–10) at {@code n} instances. */
  public static ScaleEvent.Facts scale(
      int n, Double value, String reason, Instant upCooldown, Instant downCooldown) {
    return new ScaleEvent.Facts(
        n,
        2,
        10,
        "mesos.marathon.shop_web.cpu_util",
        0.4,
        0.7,
        value,
        reason,
        upCooldown,
        downCooldown,
        null);
  }

  /** A deploy's facts for a push of {@code image} at {@link #T}. */
  public static DeployEvent.Facts deploy(String image, String previous, String reason) {
    return new DeployEvent.Facts(
        image, previous, "d-1", "push-1", "sha256:" + "ab".repeat(32), T, "registry", reason);
  }
}

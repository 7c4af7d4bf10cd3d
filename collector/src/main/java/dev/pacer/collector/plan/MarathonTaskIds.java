package dev.pacer.collector.plan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Marathon app id in a Mesos task id, as Marathon names its tasks: {@code <safe
 * path>.instance-<uuid>._app.<n>} and {@code <safe path>.marathon-<uuid>} (1.5 and later), {@code
 * <safe path>.<uuid>} or {@code <safe path>_<uuid>} (before). The safe path is the app id without
 * its leading {@code /} and with each {@code /} as {@code _} (a segment may hold dots, never an
 * underscore).
 */
public final class MarathonTaskIds {
  private static final Pattern INSTANCE =
      Pattern.compile("^(.+)\\.(?:instance|marathon)-[^_.]+(?:\\..*)?$");
  private static final Pattern OLD = Pattern.compile("^(.+)[._][^_.]+$");

  private MarathonTaskIds() {}

  /** {@code shop_web.instance-1f0c…._app.1} → {@code /shop/web}; empty if not Marathon's. */
  public static Optional<String> appId(String taskId) {
    if (taskId == null || taskId.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = INSTANCE.matcher(taskId);
    if (!m.matches()) {
      m = OLD.matcher(taskId);
      if (!m.matches()) {
        return Optional.empty();
      }
    }
    String safe = m.group(1);
    return safe.isEmpty() ? Optional.empty() : Optional.of("/" + safe.replace('_', '/'));
  }
}

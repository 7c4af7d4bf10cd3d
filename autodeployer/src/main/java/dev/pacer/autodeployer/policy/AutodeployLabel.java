package dev.pacer.autodeployer.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the {@code autodeploy} label. Either a plain glob ({@code acme/foo-service:master*}) or a
 * HOCON/JSON object {@code { image = "acme/foo:master*", rollback = true, pin-digest = true }},
 * which may name a tag policy ({@link TagPolicy}): {@code policy = semver, range = "^2.3"}; {@code
 * policy = numerical, tags = "^master-(?<ts>[0-9]+)$", extract = "$ts"}; {@code policy =
 * alphabetical}; and {@code ignore = ["*-debug", "latest"]}. {@code approvals = 1} and {@code
 * approval-deadline = 24h}: a push waits for that many votes before it deploys. With a policy,
 * {@code image} may leave the tag out ({@code acme/foo} is {@code acme/foo:*}). Pure.
 */
public final class AutodeployLabel {
  public static final String NAME = "autodeploy";
  private static final Set<String> KEYS =
      Set.of(
          "image",
          "rollback",
          "pin-digest",
          "policy",
          "range",
          "tags",
          "extract",
          "ignore",
          "dryRun",
          "approvals",
          "approval-deadline");

  /** At most this many votes, and a deadline within these bounds. */
  static final int MAX_APPROVALS = 10;

  static final java.time.Duration MIN_DEADLINE = java.time.Duration.ofMinutes(1);
  static final java.time.Duration MAX_DEADLINE = java.time.Duration.ofDays(30);

  private AutodeployLabel() {}

  /**
   * @throws IllegalArgumentException with the reason the label cannot be used
   */
  public static AutodeployPolicy parse(String value) {
    String v = value == null ? "" : value.strip();
    if (!v.startsWith("{")) {
      return new AutodeployPolicy(ImagePattern.parse(v), Optional.empty(), false);
    }
    Config c;
    try {
      c = ConfigFactory.parseString(v, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("not a HOCON object: " + e.getMessage());
    }
    Set<String> unknown = new TreeSet<>(c.root().keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown key(s) "
              + unknown
              + "; expected image, rollback, pin-digest, policy, range, tags, extract, ignore,"
              + " dryRun, approvals, approval-deadline");
    }
    if (!c.hasPath("image")) {
      throw new IllegalArgumentException("missing image, e.g. { image = \"acme/foo:master*\" }");
    }
    try {
      TagPolicy tags =
          TagPolicy.of(
              string(c, "policy"),
              string(c, "range"),
              string(c, "tags"),
              string(c, "extract"),
              c.hasPath("ignore") ? c.getStringList("ignore") : java.util.List.of());
      String image = c.getString("image").strip();
      if (tags.ordersTags() && !image.substring(image.lastIndexOf('/') + 1).contains(":")) {
        image = image + ":*"; // the policy picks the tags
      }
      ImagePattern pattern = ImagePattern.parse(image);
      Optional<Boolean> rollback =
          c.hasPath("rollback") ? Optional.of(c.getBoolean("rollback")) : Optional.empty();
      boolean pin = c.hasPath("pin-digest") && c.getBoolean("pin-digest");
      boolean dryRun = c.hasPath("dryRun") && c.getBoolean("dryRun");
      int approvals = c.hasPath("approvals") ? c.getInt("approvals") : 0;
      if (approvals < 0 || approvals > MAX_APPROVALS) {
        throw new IllegalArgumentException(
            "approvals: the votes a push needs, 0 to " + MAX_APPROVALS + ", got " + approvals);
      }
      java.time.Duration deadline =
          c.hasPath("approval-deadline")
              ? c.getDuration("approval-deadline")
              : AutodeployPolicy.DEFAULT_DEADLINE;
      if (deadline.compareTo(MIN_DEADLINE) < 0 || deadline.compareTo(MAX_DEADLINE) > 0) {
        throw new IllegalArgumentException(
            "approval-deadline: between 1m and 30d, such as \"24h\", got "
                + c.getValue("approval-deadline").unwrapped());
      }
      if (c.hasPath("approval-deadline") && approvals == 0) {
        throw new IllegalArgumentException(
            "approval-deadline without approvals: set approvals = 1 (the votes a push needs)");
      }
      return new AutodeployPolicy(pattern, rollback, pin, tags, dryRun, approvals, deadline);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage().replaceAll("String: \\d+: ", ""));
    }
  }

  private static String string(Config c, String key) {
    return c.hasPath(key) ? c.getString(key) : null;
  }
}

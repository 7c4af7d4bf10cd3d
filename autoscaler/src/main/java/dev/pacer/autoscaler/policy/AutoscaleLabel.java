package dev.pacer.autoscaler.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the {@code autoscale} label, HOCON or JSON, with the seed's keys: {@code { minInstances =
 * 3, maxInstances = 9, cooldown = 900, graphite = { target = "mesos.marathon.${id}.cpu_util", down
 * = 0.4, up = 0.7 } }}. {@code ${id}} is the app id without its leading {@code /}, each {@code /}
 * turned into {@code .}; it works quoted (HOCON leaves it alone, this replaces it) and unquoted (a
 * HOCON substitution, resolved against the id only). Durations are seconds, or HOCON durations such
 * as {@code "15m"}. Unknown keys are refused, so a typo is not silently ignored. Pure.
 */
public final class AutoscaleLabel {
  public static final String NAME = "autoscale";
  private static final Set<String> KEYS =
      Set.of(
          "minInstances",
          "maxInstances",
          "cooldown",
          "scaleUpCooldown",
          "scaleDownCooldown",
          "maxStepUp",
          "maxStepDown",
          "window",
          "aggregation",
          "dryRun",
          "graphite");
  private static final Set<String> GRAPHITE_KEYS = Set.of("target", "down", "up");
  private static final Duration MAX_DURATION = Duration.ofDays(7);

  private AutoscaleLabel() {}

  /** {@code /shop/web} → {@code shop.web}: what {@code ${id}} stands for. */
  public static String metricId(String appId) {
    return dev.pacer.common.marathon.AppIds.metricId(appId);
  }

  /**
   * @throws IllegalArgumentException with the reason the label cannot be used
   */
  public static AutoscalePolicy parse(String appId, String value) {
    String v = value == null ? "" : value.strip();
    if (!v.startsWith("{")) {
      throw new IllegalArgumentException(
          "expected a HOCON or JSON object such as { minInstances = 3, maxInstances = 9,"
              + " cooldown = 900, graphite = { target = \"mesos.marathon.${id}.cpu_util\","
              + " down = 0.4, up = 0.7 } }");
    }
    String id = metricId(appId);
    Config c;
    try {
      c = hocon(v, id);
    } catch (ConfigException e) {
      // the seed's one-line form, fields apart by spaces only: read with each on its own line
      try {
        c = hocon(OneLineHocon.fieldsOnTheirOwnLines(v), id);
      } catch (ConfigException again) {
        throw new IllegalArgumentException("not a HOCON object: " + clean(e));
      }
    }
    try {
      return read(c, id);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(clean(e));
    }
  }

  private static Config hocon(String text, String id) {
    return ConfigFactory.parseString(
            text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF))
        .resolveWith(ConfigFactory.parseMap(Map.of("id", id)));
  }

  private static AutoscalePolicy read(Config c, String id) {
    unknown(c, KEYS, "");
    for (String k : new String[] {"minInstances", "maxInstances", "graphite"}) {
      if (!c.hasPath(k)) {
        throw new IllegalArgumentException("missing " + k);
      }
    }
    Config g = c.getConfig("graphite");
    unknown(g, GRAPHITE_KEYS, "graphite.");
    for (String k : new String[] {"target", "down", "up"}) {
      if (!g.hasPath(k)) {
        throw new IllegalArgumentException("missing graphite." + k);
      }
    }
    int min = c.getInt("minInstances");
    int max = c.getInt("maxInstances");
    if (min < 1) {
      throw new IllegalArgumentException(
          "minInstances must be at least 1, got "
              + min
              + " (an app at 0 instances is suspended, and suspended apps are left alone)");
    }
    if (min > max) {
      throw new IllegalArgumentException(
          "minInstances (" + min + ") is greater than maxInstances (" + max + ")");
    }
    Duration cooldown = c.hasPath("cooldown") ? duration(c, "cooldown") : null;
    if (cooldown == null && !(c.hasPath("scaleUpCooldown") && c.hasPath("scaleDownCooldown"))) {
      throw new IllegalArgumentException(
          "missing cooldown (seconds), or both scaleUpCooldown and scaleDownCooldown");
    }
    Duration upCooldown = c.hasPath("scaleUpCooldown") ? duration(c, "scaleUpCooldown") : cooldown;
    Duration downCooldown =
        c.hasPath("scaleDownCooldown") ? duration(c, "scaleDownCooldown") : cooldown;
    String target = g.getString("target").strip().replace("${id}", id);
    if (target.isEmpty()) {
      throw new IllegalArgumentException("graphite.target is empty");
    }
    double down = finite(g, "down");
    double up = finite(g, "up");
    if (down >= up) {
      throw new IllegalArgumentException(
          "graphite.down (" + down + ") must be below graphite.up (" + up + ")");
    }
    Duration window = c.hasPath("window") ? duration(c, "window") : AutoscalePolicy.DEFAULT_WINDOW;
    if (window.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("window must be at least 1 second, got " + window);
    }
    return new AutoscalePolicy(
        min,
        max,
        upCooldown,
        downCooldown,
        target,
        down,
        up,
        step(c, "maxStepUp"),
        step(c, "maxStepDown"),
        window,
        c.hasPath("aggregation") ? Aggregation.parse(c.getString("aggregation")) : Aggregation.AVG,
        c.hasPath("dryRun") && c.getBoolean("dryRun"));
  }

  private static void unknown(Config c, Set<String> known, String prefix) {
    Set<String> unknown = new TreeSet<>(c.root().keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown key(s) "
              + unknown.stream().map(k -> prefix + k).toList()
              + "; expected "
              + new TreeSet<>(known).stream().map(k -> prefix + k).toList());
    }
  }

  /** Seconds as a number (the seed's {@code cooldown = 900}), or a HOCON duration string. */
  private static Duration duration(Config c, String key) {
    Duration d =
        c.getValue(key).valueType() == ConfigValueType.NUMBER
            ? Duration.ofMillis(Math.round(c.getDouble(key) * 1000))
            : c.getDuration(key);
    if (d.isNegative()) {
      throw new IllegalArgumentException(
          key + " must not be negative, got " + c.getValue(key).unwrapped());
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(key + " must be at most 7 days, got " + d);
    }
    return d;
  }

  private static double finite(Config g, String key) {
    double d = g.getDouble(key);
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("graphite." + key + " must be a finite number");
    }
    return d;
  }

  private static OptionalInt step(Config c, String key) {
    if (!c.hasPath(key)) {
      return OptionalInt.empty();
    }
    int n = c.getInt(key);
    if (n < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + n);
    }
    return OptionalInt.of(n);
  }

  private static String clean(ConfigException e) {
    return e.getMessage().replaceAll("String: \\d+: ", "").replace("merge of ", "");
  }
}

package dev.pacer.autoscaler.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the {@code autoscale} label, HOCON or JSON, with the seed's keys: {@code { minInstances =
 * 3, maxInstances = 9, cooldown = 900, graphite = { target = "mesos.marathon.${id}.cpu_util", down
 * = 0.4, up = 0.7 } }}. {@code ${id}} is the app id without its leading {@code /}, each {@code /}
 * turned into {@code .}; it works quoted (HOCON leaves it alone, this replaces it) and unquoted (a
 * HOCON substitution, resolved against the id only). Durations are seconds, or HOCON durations such
 * as {@code "15m"}. Unknown keys are refused, so a typo is not silently ignored. Pure.
 *
 * <p>Beyond the seed: {@code graphite} may be a list of metrics; a metric is a band ({@code down},
 * {@code up}) or a target ({@code value}, {@code tolerance}, default 0.1); {@code
 * scaleUpStabilization} and {@code scaleDownStabilization} (HPA's windows, at most 1 hour); {@code
 * maxStepUp} and {@code maxStepDown} take a count or a percentage ({@code "50%"}).
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
          "scaleUpStabilization",
          "scaleDownStabilization",
          "graphite");
  private static final Set<String> GRAPHITE_KEYS =
      Set.of("target", "down", "up", "value", "tolerance");
  private static final Duration MAX_DURATION = Duration.ofDays(7);
  private static final Duration MAX_STABILIZATION = Duration.ofHours(1);

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
    List<MetricRule> metrics = metrics(c, id);
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
    Duration window = c.hasPath("window") ? duration(c, "window") : AutoscalePolicy.DEFAULT_WINDOW;
    if (window.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("window must be at least 1 second, got " + window);
    }
    return new AutoscalePolicy(
        min,
        max,
        upCooldown,
        downCooldown,
        metrics,
        step(c, "maxStepUp"),
        step(c, "maxStepDown"),
        stabilization(c, "scaleUpStabilization"),
        stabilization(c, "scaleDownStabilization"),
        window,
        c.hasPath("aggregation") ? Aggregation.parse(c.getString("aggregation")) : Aggregation.AVG,
        c.hasPath("dryRun") && c.getBoolean("dryRun"));
  }

  /** {@code graphite}: one metric, or a list of them. */
  private static List<MetricRule> metrics(Config c, String id) {
    if (c.getValue("graphite").valueType() != ConfigValueType.LIST) {
      return List.of(metric(c.getConfig("graphite"), id, "graphite."));
    }
    List<? extends ConfigValue> list = c.getList("graphite");
    if (list.isEmpty()) {
      throw new IllegalArgumentException("graphite is an empty list; give at least one metric");
    }
    List<MetricRule> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String prefix = "graphite[" + i + "].";
      if (!(list.get(i) instanceof ConfigObject o)) {
        throw new IllegalArgumentException(
            "graphite["
                + i
                + "] must be an object { target, down, up } or { target, value },"
                + " got "
                + list.get(i).valueType().name().toLowerCase(java.util.Locale.ROOT));
      }
      out.add(metric(o.toConfig(), id, prefix));
    }
    return out;
  }

  private static MetricRule metric(Config g, String id, String prefix) {
    unknown(g, GRAPHITE_KEYS, prefix);
    if (!g.hasPath("target")) {
      throw new IllegalArgumentException("missing " + prefix + "target");
    }
    String target = g.getString("target").strip().replace("${id}", id);
    if (target.isEmpty()) {
      throw new IllegalArgumentException(prefix + "target is empty");
    }
    boolean band = g.hasPath("down") || g.hasPath("up");
    if (band && (g.hasPath("value") || g.hasPath("tolerance"))) {
      throw new IllegalArgumentException(
          prefix
              + "value and "
              + prefix
              + "down/up are two modes: give a band (down, up) or a target (value, tolerance),"
              + " not both");
    }
    if (g.hasPath("value")) {
      double value = finite(g, "value", prefix);
      if (value <= 0) {
        throw new IllegalArgumentException(
            prefix + "value must be above 0 (the rule divides by it), got " + value);
      }
      double tolerance =
          g.hasPath("tolerance") ? finite(g, "tolerance", prefix) : MetricRule.DEFAULT_TOLERANCE;
      if (tolerance < 0 || tolerance >= 1) {
        throw new IllegalArgumentException(
            prefix + "tolerance must be at least 0 and below 1, got " + tolerance);
      }
      return MetricRule.aimAt(target, value, tolerance);
    }
    for (String k : new String[] {"down", "up"}) {
      if (!g.hasPath(k)) {
        throw new IllegalArgumentException(
            "missing " + prefix + k + (band ? "" : " (or " + prefix + "value for a target)"));
      }
    }
    double down = finite(g, "down", prefix);
    double up = finite(g, "up", prefix);
    if (down >= up) {
      throw new IllegalArgumentException(
          prefix + "down (" + down + ") must be below " + prefix + "up (" + up + ")");
    }
    return MetricRule.band(target, down, up);
  }

  private static Duration stabilization(Config c, String key) {
    if (!c.hasPath(key)) {
      return Duration.ZERO;
    }
    Duration d = duration(c, key);
    if (d.compareTo(MAX_STABILIZATION) > 0) {
      throw new IllegalArgumentException(key + " must be at most 1 hour (as HPA's), got " + d);
    }
    return d;
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

  private static double finite(Config g, String key, String prefix) {
    double d = g.getDouble(key);
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(prefix + key + " must be a finite number");
    }
    return d;
  }

  /** A count ({@code 2}) or a percentage ({@code "50%"}); null when unset. */
  private static Step step(Config c, String key) {
    if (!c.hasPath(key)) {
      return null;
    }
    if (c.getValue(key).valueType() == ConfigValueType.STRING) {
      String s = c.getString(key).strip();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*%").matcher(s);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            key
                + ": expected a count of instances or a percentage such as \"50%\", got '"
                + s
                + "'");
      }
      int p = Integer.parseInt(m.group(1));
      if (p < 1 || p > 1000) {
        throw new IllegalArgumentException(key + " must be between 1% and 1000%, got " + s);
      }
      return Step.percent(p);
    }
    int n = c.getInt(key);
    if (n < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + n);
    }
    return Step.of(n);
  }

  private static String clean(ConfigException e) {
    return e.getMessage().replaceAll("String: \\d+: ", "").replace("merge of ", "");
  }
}

package dev.pacer.agentscaler;

import dev.pacer.agentscaler.plan.PoolPolicy;
import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.mesos.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One pool of {@code pacer.agent-scaler.pools}: the agent attribute that selects its agents ({@code
 * "pool:scaling"}), the AWS Auto Scaling group that provides them (none: the pool is observed and
 * reported, never changed), and how it is sized.
 */
public record PoolConfig(
    String name,
    String attribute,
    String value,
    String group,
    PoolPolicy policy,
    Duration scaleUpCooldown,
    Duration scaleDownCooldown,
    Duration drainHardCap) {

  static final Set<String> KEYS =
      Set.of(
          "attribute",
          "group",
          "min-agents",
          "max-agents",
          "target-free",
          "margin",
          "max-up",
          "max-down",
          "max-missing",
          "scale-up-cooldown",
          "scale-down-cooldown",
          "drain-hard-cap",
          "protected",
          "agent-size");

  public boolean hasProvider() {
    return !group.isEmpty();
  }

  static PoolConfig read(ConfigReader r, String name) {
    String p = "pacer.agent-scaler.pools." + com.typesafe.config.ConfigUtil.quoteString(name) + ".";
    for (String k :
        new TreeSet<>(r.config().getConfig(p.substring(0, p.length() - 1)).root().keySet())) {
      if (!KEYS.contains(k)) {
        r.problem(p + k, "unknown key of a pool; known: " + new TreeSet<>(KEYS));
      }
    }
    String attr = r.string(p + "attribute").strip();
    int colon = attr.indexOf(':');
    if (colon <= 0 || colon == attr.length() - 1) {
      r.problem(
          p + "attribute",
          "expected the agent attribute that selects the pool, as name:value (pool:scaling), got '"
              + attr
              + "'");
    }
    Resources size = null;
    if (r.config().hasPath(p + "agent-size")) {
      size =
          new Resources(
              r.doubleIn(p + "agent-size.cpus", 0.01, 1e6),
              r.doubleIn(p + "agent-size.mem", 1, 1e9),
              r.doubleIn(p + "agent-size.disk", 0, 1e12));
    }
    int min = opt(r, p + "min-agents") ? r.intIn(p + "min-agents", 0, 10_000) : 0;
    int max = opt(r, p + "max-agents") ? r.intIn(p + "max-agents", 0, 10_000) : 100;
    if (max < min) {
      r.problem(p + "max-agents", "must be at least min-agents (" + min + "), got " + max);
      max = min;
    }
    List<String> prot = opt(r, p + "protected") ? r.stringList(p + "protected") : List.of();
    PoolPolicy policy =
        new PoolPolicy(
            name,
            opt(r, p + "target-free") ? r.doubleIn(p + "target-free", 0, 0.95) : 0.20,
            opt(r, p + "margin") ? r.doubleIn(p + "margin", 0, 0.5) : 0.05,
            min,
            max,
            opt(r, p + "max-up") ? r.intIn(p + "max-up", 1, 1_000) : 5,
            opt(r, p + "max-down") ? r.intIn(p + "max-down", 1, 1_000) : 1,
            opt(r, p + "max-missing") ? r.doubleIn(p + "max-missing", 0, 1) : 0.30,
            size,
            Set.copyOf(prot));
    return new PoolConfig(
        name,
        colon > 0 ? attr.substring(0, colon) : attr,
        colon > 0 ? attr.substring(colon + 1) : "",
        opt(r, p + "group") ? r.string(p + "group").strip() : "",
        policy,
        duration(r, p + "scale-up-cooldown", Duration.ofMinutes(2)),
        duration(r, p + "scale-down-cooldown", Duration.ofMinutes(10)),
        duration(r, p + "drain-hard-cap", Duration.ofMinutes(15)));
  }

  private static boolean opt(ConfigReader r, String path) {
    return r.config().hasPath(path);
  }

  private static Duration duration(ConfigReader r, String path, Duration dflt) {
    return opt(r, path) ? r.durationIn(path, Duration.ZERO, Duration.ofDays(1)) : dflt;
  }
}

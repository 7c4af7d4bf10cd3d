package dev.pacer.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the effective config. Later sources win: every module's {@code reference.conf}, then the
 * {@code -c FILE}, then {@code CONFIG_FORCE_*} environment variables, then JVM {@code -Dpacer.*}
 * system properties, then {@code -D key=value} given to the {@code pacer} command. Substitutions
 * such as {@code ${?PACER_WEBHOOK_TOKEN}} fall back to the environment.
 *
 * <p>Every key under {@code pacer} must be one that some {@code reference.conf} declares, except
 * below the open paths (free-form maps such as {@code pacer.kafka.properties}). An unknown key
 * fails with a suggestion of the nearest known one.
 */
public final class ConfigLoader {
  /** Paths whose children are free-form. Modules add theirs in their reference.conf's comments. */
  public static final Set<String> OPEN_PATHS =
      Set.of("pacer.kafka.properties", "pacer.slack.routes", "pacer.agent-scaler.pools");

  /**
   * Former keys that still work, each with the key that replaced it: a former key set where the new
   * one is not is read as the new one, with a warning; where both are set, the new one wins, with a
   * warning that the former is ignored.
   */
  public static final Map<String, String> DEPRECATED =
      Map.of(
          "pacer.agent-scaler.mesos.urls", "pacer.mesos.urls",
          "pacer.agent-scaler.mesos.timeout", "pacer.mesos.timeout");

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);

  private ConfigLoader() {}

  public static Config load(Optional<Path> file, Map<String, String> overrides) {
    return load(file, overrides, ConfigFactory.empty());
  }

  /** {@code defaults} sit between the reference and the file, as the demo's embedded demo.conf. */
  public static Config load(Optional<Path> file, Map<String, String> overrides, Config defaults) {
    return load(file, overrides, defaults, ConfigFactory.defaultReference(), System.getenv());
  }

  static Config load(
      Optional<Path> file,
      Map<String, String> overrides,
      Config defaults,
      Config reference,
      Map<String, String> env) {
    Config fileConf = ConfigFactory.empty();
    if (file.isPresent()) {
      Path f = file.get();
      if (!Files.isRegularFile(f)) {
        throw new ConfigInvalidException("-c", "config file not found: " + f.toAbsolutePath());
      }
      try {
        fileConf =
            ConfigFactory.parseFile(
                f.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException.Parse e) {
        throw new ConfigInvalidException("-c " + f, "cannot parse: " + e.getMessage());
      }
      List<ConfigProblem> outside = outsidePacer(fileConf, reference);
      if (!outside.isEmpty()) {
        throw new ConfigInvalidException(outside);
      }
    }
    Config merged =
        parseOverrides(overrides)
            .withFallback(systemPacerProperties())
            .withFallback(forcedFromEnv(env))
            .withFallback(fileConf)
            .withFallback(defaults)
            .withFallback(reference);
    try {
      merged = merged.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
    } catch (ConfigException.UnresolvedSubstitution e) {
      throw new ConfigInvalidException("substitution", e.getMessage());
    }
    List<ConfigProblem> unknown = unknownKeys(merged, reference);
    if (!unknown.isEmpty()) {
      throw new ConfigInvalidException(unknown);
    }
    return withDeprecatedKeysMoved(merged, reference);
  }

  /** Each {@link #DEPRECATED} key that is set, read as its new key unless that one is set too. */
  static Config withDeprecatedKeysMoved(Config merged, Config reference) {
    Config out = merged;
    for (Map.Entry<String, String> d : new java.util.TreeMap<>(DEPRECATED).entrySet()) {
      String former = d.getKey();
      String now = d.getValue();
      if (!merged.hasPath(former)) {
        continue;
      }
      boolean nowSet =
          merged.hasPath(now)
              && !(reference.hasPath(now)
                  && merged.getValue(now).origin().equals(reference.getValue(now).origin()));
      if (nowSet) {
        LOG.warn("{} is deprecated and ignored: {} is set, and wins", former, now);
      } else {
        LOG.warn("{} is deprecated: read as {}; rename it", former, now);
        out = out.withValue(now, merged.getValue(former));
      }
    }
    return out;
  }

  /** Each value is read as HOCON, so lists and numbers work; plain text falls back to a string. */
  static Config parseOverrides(Map<String, String> overrides) {
    return parseOverrides(overrides, "-D ");
  }

  /**
   * Each value's origin is {@code <origin><key>}, e.g. {@code -D pacer.http.port}: errors name it.
   */
  static Config parseOverrides(Map<String, String> overrides, String origin) {
    Config out = ConfigFactory.empty();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      Config one;
      String where = origin + e.getKey();
      try {
        one =
            ConfigFactory.parseString(
                "k = " + e.getValue(),
                ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription(where));
        ConfigValue v = one.getValue("k");
        // origin "-D pacer.http.port", without the line number of a one-line parse
        one =
            ConfigFactory.empty()
                .withValue(e.getKey(), ConfigValueFactory.fromAnyRef(v.unwrapped(), where));
      } catch (ConfigException ex) {
        one =
            ConfigFactory.empty()
                .withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), where));
      }
      out = one.withFallback(out);
    }
    return out;
  }

  private static Config systemPacerProperties() {
    Config sys = ConfigFactory.systemProperties();
    return sys.hasPath("pacer") ? sys.withOnlyPath("pacer") : ConfigFactory.empty();
  }

  /** typesafe-config's CONFIG_FORCE_ convention: {@code CONFIG_FORCE_pacer_http_port=9000}. */
  private static Config forcedFromEnv(Map<String, String> env) {
    Map<String, String> forced = new LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("CONFIG_FORCE_pacer")) {
            String key =
                k.substring("CONFIG_FORCE_".length())
                    .replace("___", "\u0000")
                    .replace("__", "-")
                    .replace('_', '.')
                    .replace('\u0000', '_');
            forced.put(key, v);
          }
        });
    return parseOverrides(forced, "environment CONFIG_FORCE_ ");
  }

  /**
   * Keys of a config file outside {@code pacer}, which Pacer never reads: a top-level {@code
   * marathon.urls} would otherwise be ignored without a word.
   */
  static List<ConfigProblem> outsidePacer(Config file, Config reference) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : file.root().entrySet()) {
      if (e.getKey().equals("pacer")) {
        continue;
      }
      ConfigValue v = e.getValue();
      List<String> paths = new ArrayList<>();
      if (v instanceof com.typesafe.config.ConfigObject o) {
        o.toConfig().entrySet().forEach(x -> paths.add(e.getKey() + "." + x.getKey()));
      } else {
        paths.add(e.getKey());
      }
      for (String path : paths.isEmpty() ? List.of(e.getKey()) : paths) {
        String hint =
            reference.hasPathOrNull("pacer." + path) ? "; did you mean pacer." + path + "?" : "";
        problems.add(
            new ConfigProblem(
                path,
                "outside pacer { }, where Pacer reads nothing"
                    + hint
                    + ConfigReader.at(file.root().get(e.getKey()))));
      }
    }
    return problems;
  }

  static List<ConfigProblem> unknownKeys(Config merged, Config reference) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (!merged.hasPath("pacer")) {
      return problems;
    }
    Set<String> known =
        reference.hasPath("pacer")
            ? reference.getConfig("pacer").root().toConfig().entrySet().stream()
                .map(e -> "pacer." + e.getKey())
                .collect(java.util.stream.Collectors.toSet())
            : Set.of();
    for (Map.Entry<String, ConfigValue> e : merged.getConfig("pacer").entrySet()) {
      String path = "pacer." + e.getKey();
      if (known.contains(path) || isUnderOpenPath(path) || DEPRECATED.containsKey(path)) {
        continue;
      }
      if (known.stream().anyMatch(k -> path.startsWith(k + "."))) {
        problems.add(
            new ConfigProblem(
                path,
                "unknown key: its parent is a plain value, not an object"
                    + ConfigReader.at(e.getValue())));
        continue;
      }
      String hint =
          known.stream()
              .min(Comparator.comparingInt(k -> distance(k, path)))
              .filter(k -> distance(k, path) <= Math.max(3, path.length() / 4))
              .map(k -> "; did you mean " + k + "?")
              .orElse("");
      problems.add(new ConfigProblem(path, "unknown key" + hint + ConfigReader.at(e.getValue())));
    }
    problems.sort(Comparator.comparing(ConfigProblem::path));
    return problems;
  }

  private static boolean isUnderOpenPath(String path) {
    return OPEN_PATHS.stream().anyMatch(p -> path.startsWith(p + "."));
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

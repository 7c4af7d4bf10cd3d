package dev.pacer.deploy.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.pacer.autodeployer.policy.AutodeployLabel;
import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders an app config ({@code apps/web.conf}) into a Marathon app definition.
 *
 * <ol>
 *   <li>The file is parsed as HOCON, its {@code include}s relative to it; with an environment
 *       ({@code --env staging}) the sibling {@code web.staging.conf}, when there is one, is merged
 *       over it; each {@code -D key=value} (a HOCON value, else a string) over both.
 *   <li>Substitutions are resolved against the file, then the process environment ({@code
 *       ${?ENV}}). In the {@code autoscale} section {@code ${id}} is the app's metric id ({@code
 *       /shop/web} gives {@code shop.web}), as in the label.
 *   <li>{@code autoscale}, {@code autodeploy} and {@code slack.channel} are checked by the parsers
 *       the daemons use and become the labels {@code autoscale}, {@code autodeploy} and {@code
 *       slack.channel}; the {@code env} and {@code labels} values are written as strings.
 *   <li>The result is checked against Marathon's app-definition schema ({@link MarathonSchema}).
 * </ol>
 *
 * Every problem found is returned, each with its file and line.
 */
public final class AppConfigs {
  public static final String AUTOSCALE = AutoscaleLabel.NAME;
  public static final String AUTODEPLOY = AutodeployLabel.NAME;
  public static final String SLACK_CHANNEL = "slack.channel";

  static final ConfigResolveOptions RESOLVE =
      ConfigResolveOptions.defaults().setUseSystemEnvironment(false);
  private static final ConfigParseOptions PARSE =
      ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false);

  /** How to render: the environment overlay, the {@code -D} overrides, the process environment. */
  public record Options(
      Optional<String> env, Map<String, String> overrides, Map<String, String> environment) {
    public Options {
      overrides = new LinkedHashMap<>(overrides);
      environment = Map.copyOf(environment);
    }

    public static Options plain() {
      return new Options(Optional.empty(), Map.of(), System.getenv());
    }
  }

  /** The rendered app, or empty when any problem stops it; all problems found. */
  public record Result(Optional<AppConfig> config, List<Problem> problems, Optional<String> image) {
    Result(Optional<AppConfig> config, List<Problem> problems) {
      this(config, problems, config.flatMap(AppConfig::image));
    }

    public boolean ok() {
      return problems.isEmpty() && config.isPresent();
    }
  }

  private AppConfigs() {}

  public static Result load(Path file, Options options) {
    List<Problem> problems = new ArrayList<>();
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      problems.add(new Problem(name, 0, "no such file"));
      return new Result(Optional.empty(), problems);
    }
    Config merged = parse(file, problems);
    Optional<Path> overlay = options.env().map(e -> overlayOf(file, e));
    if (overlay.isPresent() && Files.isRegularFile(overlay.get())) {
      merged = parse(overlay.get(), problems).withFallback(merged);
    }
    for (Map.Entry<String, String> o : options.overrides().entrySet()) {
      merged = override(o.getKey(), o.getValue(), problems).withFallback(merged);
    }
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    Config environment = ConfigValueFactory.fromMap(options.environment()).toConfig();
    ConfigValue autoscaleRaw = merged.root().get(AUTOSCALE);
    Config rest = merged.withoutPath(AUTOSCALE);
    Config app;
    try {
      app = withoutEnvironment(rest.withFallback(environment).resolve(RESOLVE), rest);
    } catch (ConfigException e) {
      problems.add(Origins.problem(name, e));
      return new Result(Optional.empty(), problems);
    }
    String appId = appId(app, name, problems);
    if (appId == null) {
      return new Result(Optional.empty(), problems);
    }
    Map<String, String> injected = new LinkedHashMap<>();
    Optional<AutoscalePolicy> autoscale =
        PacerSections.autoscale(autoscaleRaw, app, environment, appId, name, problems, injected);
    Optional<AutodeployPolicy> autodeploy = PacerSections.autodeploy(app, name, problems, injected);
    PacerSections.slack(app, name, problems, injected);
    Map<String, Object> definition =
        sorted(app.withoutPath(AUTODEPLOY).withoutPath("slack").root().unwrapped());
    definition.put("id", appId);
    PacerSections.labels(definition, app, injected, appId, name, problems);
    PacerSections.stringValues(definition, "env");
    for (MarathonSchema.Violation v : MarathonSchema.check(definition)) {
      problems.add(Origins.located(Origins.originOf(app, v.path()), name, v.message()));
    }
    return problems.isEmpty()
        ? new Result(
            Optional.of(new AppConfig(file, appId, definition, autoscale, autodeploy)), problems)
        : new Result(Optional.empty(), problems, imageOf(app));
  }

  /** {@code container.docker.image} of a config that has problems: still checked by validate. */
  private static Optional<String> imageOf(Config app) {
    String path = "container.docker.image";
    try {
      return app.hasPath(path) ? Optional.of(app.getString(path)) : Optional.empty();
    } catch (ConfigException e) {
      return Optional.empty();
    }
  }

  /** The resolved app without the environment it was resolved over: only the file's own keys. */
  private static Config withoutEnvironment(Config resolved, Config own) {
    Config out = resolved;
    for (String key : resolved.root().keySet()) {
      if (!own.root().containsKey(key)) {
        out = out.withoutPath(ConfigUtil.joinPath(key));
      }
    }
    return out;
  }

  /** {@code apps/web.conf} and {@code staging} give {@code apps/web.staging.conf}. */
  public static Path overlayOf(Path file, String env) {
    String n = file.getFileName().toString();
    String stem = n.endsWith(".conf") ? n.substring(0, n.length() - ".conf".length()) : n;
    return file.resolveSibling(stem + "." + env + ".conf");
  }

  /** The value at a path of nested maps, or null. */
  static Object at(Map<String, Object> m, String... path) {
    Object o = m;
    for (String p : path) {
      if (!(o instanceof Map<?, ?> map)) {
        return null;
      }
      o = map.get(p);
    }
    return o;
  }

  private static Config parse(Path file, List<Problem> problems) {
    try {
      return ConfigFactory.parseFile(file.toFile(), PARSE);
    } catch (ConfigException e) {
      problems.add(Origins.problem(file.toString(), e));
      return ConfigFactory.empty();
    }
  }

  private static Config override(String key, String value, List<Problem> problems) {
    String where = "-D " + key;
    try {
      ConfigUtil.splitPath(key);
    } catch (ConfigException e) {
      problems.add(new Problem(where, 0, "'" + key + "' is not a config path"));
      return ConfigFactory.empty();
    }
    try {
      return ConfigFactory.parseString(
          key + " = " + value, ConfigParseOptions.defaults().setOriginDescription(where));
    } catch (ConfigException e) {
      // not a HOCON value (an image reference with a ':', say): take it as a string
      return ConfigFactory.empty(where).withValue(key, ConfigValueFactory.fromAnyRef(value, where));
    }
  }

  private static String appId(Config app, String name, List<Problem> problems) {
    if (!app.hasPath("id")) {
      problems.add(new Problem(name, 0, "missing id (the Marathon app id, e.g. id = /shop/web)"));
      return null;
    }
    ConfigValue v = app.getValue("id");
    if (v.valueType() != ConfigValueType.STRING || app.getString("id").isBlank()) {
      problems.add(Origins.at(v, name, "id must be a string such as \"/shop/web\""));
      return null;
    }
    String id = app.getString("id").strip();
    return id.startsWith("/") ? id : "/" + id;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sorted(Map<String, Object> m) {
    Map<String, Object> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, sortedValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object sortedValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return sorted((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(sortedValue(x)));
      return out;
    }
    return v;
  }
}

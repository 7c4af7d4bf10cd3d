package dev.pacer.deploy.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
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
import dev.pacer.common.marathon.AppIds;
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

  private static final ConfigResolveOptions RESOLVE =
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
      problems.add(problem(name, e));
      return new Result(Optional.empty(), problems);
    }
    String appId = appId(app, name, problems);
    if (appId == null) {
      return new Result(Optional.empty(), problems);
    }
    Map<String, String> injected = new LinkedHashMap<>();
    Optional<AutoscalePolicy> autoscale =
        autoscale(autoscaleRaw, app, environment, appId, name, problems, injected);
    Optional<AutodeployPolicy> autodeploy = autodeploy(app, name, problems, injected);
    slack(app, name, problems, injected);
    Map<String, Object> definition =
        sorted(app.withoutPath(AUTODEPLOY).withoutPath("slack").root().unwrapped());
    definition.put("id", appId);
    labels(definition, app, injected, appId, name, problems);
    stringValues(definition, "env");
    for (MarathonSchema.Violation v : MarathonSchema.check(definition)) {
      problems.add(located(originOf(app, v.path()), name, v.message()));
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
      problems.add(problem(file.toString(), e));
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
      problems.add(at(v, name, "id must be a string such as \"/shop/web\""));
      return null;
    }
    String id = app.getString("id").strip();
    return id.startsWith("/") ? id : "/" + id;
  }

  private static Optional<AutoscalePolicy> autoscale(
      ConfigValue raw,
      Config app,
      Config environment,
      String appId,
      String name,
      List<Problem> problems,
      Map<String, String> injected) {
    if (raw == null) {
      return Optional.empty();
    }
    if (raw.valueType() != ConfigValueType.OBJECT) {
      problems.add(
          at(raw, name, "autoscale must be an object: autoscale { minInstances = 3, ... }"));
      return Optional.empty();
    }
    String label;
    try {
      // the section, over ${id} as the metric id, over the app, over the environment
      label =
          ConfigFactory.empty()
              .withValue(AUTOSCALE, raw)
              .withFallback(
                  ConfigValueFactory.fromMap(Map.of("id", AppIds.metricId(appId))).toConfig())
              .withFallback(app)
              .withFallback(environment)
              .resolve(RESOLVE)
              .getValue(AUTOSCALE)
              .render(ConfigRenderOptions.concise());
    } catch (ConfigException e) {
      problems.add(problem(name, e));
      return Optional.empty();
    }
    try {
      AutoscalePolicy policy = AutoscaleLabel.parse(appId, label);
      injected.put(AUTOSCALE, label);
      return Optional.of(policy);
    } catch (IllegalArgumentException e) {
      problems.add(at(raw, name, "autoscale: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private static Optional<AutodeployPolicy> autodeploy(
      Config app, String name, List<Problem> problems, Map<String, String> injected) {
    if (!app.hasPath(AUTODEPLOY)) {
      return Optional.empty();
    }
    ConfigValue v = app.getValue(AUTODEPLOY);
    String label =
        switch (v.valueType()) {
          case STRING -> app.getString(AUTODEPLOY);
          case OBJECT -> v.render(ConfigRenderOptions.concise());
          default -> null;
        };
    if (label == null) {
      problems.add(
          at(
              v,
              name,
              "autodeploy must be an image pattern (\"acme/web:master*\") or an object"
                  + " { image = \"acme/web:master*\", rollback = true }"));
      return Optional.empty();
    }
    try {
      AutodeployPolicy policy = AutodeployLabel.parse(label);
      injected.put(AUTODEPLOY, label);
      return Optional.of(policy);
    } catch (IllegalArgumentException e) {
      problems.add(at(v, name, "autodeploy: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private static void slack(
      Config app, String name, List<Problem> problems, Map<String, String> injected) {
    if (!app.hasPath("slack")) {
      return;
    }
    ConfigValue v = app.getValue("slack");
    if (v.valueType() != ConfigValueType.OBJECT
        || !app.getObject("slack").keySet().equals(java.util.Set.of("channel"))
        || app.getValue(SLACK_CHANNEL).valueType() != ConfigValueType.STRING
        || app.getString(SLACK_CHANNEL).isBlank()) {
      problems.add(
          at(v, name, "slack takes one key, channel: slack.channel = \"#deploys\" (a channel)"));
      return;
    }
    injected.put(SLACK_CHANNEL, app.getString(SLACK_CHANNEL).strip());
  }

  /**
   * The app's labels, as strings, with the Pacer sections injected. A label written by hand for a
   * Pacer section is checked by the same parser; written both ways, it is a problem.
   */
  @SuppressWarnings("unchecked")
  private static void labels(
      Map<String, Object> definition,
      Config app,
      Map<String, String> injected,
      String appId,
      String name,
      List<Problem> problems) {
    stringValues(definition, "labels");
    Object given = definition.get("labels");
    Map<String, Object> labels =
        given instanceof Map<?, ?> m ? (Map<String, Object>) m : new TreeMap<>();
    for (Map.Entry<String, String> e : injected.entrySet()) {
      String key = e.getKey();
      if (labels.containsKey(key)) {
        String section = key.equals(SLACK_CHANNEL) ? "slack.channel" : key;
        problems.add(
            located(
                originOf(app, List.of("labels")),
                name,
                "labels.\""
                    + key
                    + "\" and the "
                    + section
                    + " section both set the "
                    + key
                    + " label: keep one"));
      }
      labels.put(key, e.getValue());
    }
    handWritten(labels, injected, app, appId, name, problems);
    if (!labels.isEmpty() || given != null) {
      definition.put("labels", labels);
    }
  }

  private static void handWritten(
      Map<String, Object> labels,
      Map<String, String> injected,
      Config app,
      String appId,
      String name,
      List<Problem> problems) {
    ConfigOrigin at = originOf(app, List.of("labels"));
    try {
      if (!injected.containsKey(AUTOSCALE) && labels.get(AUTOSCALE) instanceof String s) {
        AutoscaleLabel.parse(appId, s);
      }
    } catch (IllegalArgumentException e) {
      problems.add(located(at, name, "labels.autoscale: " + e.getMessage()));
    }
    try {
      if (!injected.containsKey(AUTODEPLOY) && labels.get(AUTODEPLOY) instanceof String s) {
        AutodeployLabel.parse(s);
      }
    } catch (IllegalArgumentException e) {
      problems.add(located(at, name, "labels.autodeploy: " + e.getMessage()));
    }
  }

  /**
   * Marathon takes only strings in {@code env} and {@code labels}: {@code PORT = 8080} is "8080".
   */
  @SuppressWarnings("unchecked")
  private static void stringValues(Map<String, Object> definition, String field) {
    if (definition.get(field) instanceof Map<?, ?> m) {
      Map<String, Object> values = (Map<String, Object>) m;
      values.replaceAll(
          (k, v) -> v instanceof Number || v instanceof Boolean ? String.valueOf(v) : v);
    }
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

  /** The origin of the deepest part of {@code path} the config has; null if none. */
  private static ConfigOrigin originOf(Config app, List<String> path) {
    for (int n = path.size(); n > 0; n--) {
      List<String> head = path.subList(0, n);
      if (head.stream().anyMatch(s -> s.matches("\\d+"))) {
        continue; // an index into a list: its list has the line
      }
      String p = ConfigUtil.joinPath(head);
      try {
        if (app.hasPathOrNull(p)) {
          return app.getValue(p).origin();
        }
      } catch (ConfigException e) {
        // a path through a non-object: try its parent
      }
    }
    return null;
  }

  private static Problem at(ConfigValue v, String name, String message) {
    return located(v.origin(), name, message);
  }

  /**
   * A problem at an origin. A value merged from an overlay and its file has the origin {@code merge
   * of web.staging.conf: 4-7,web.conf: 13}: the first, the overlay, is where it was set last.
   */
  static Problem located(ConfigOrigin o, String name, String message) {
    if (o == null) {
      return new Problem(name, 0, message);
    }
    String d = o.description();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^merge of (.+?): (\\d+)").matcher(d == null ? "" : d);
    if (m.find()) {
      return new Problem(m.group(1), Integer.parseInt(m.group(2)), message);
    }
    String file = o.filename() != null ? o.filename() : name;
    return new Problem(file, Math.max(0, o.lineNumber()), message);
  }

  /**
   * A parse or resolve error, without the parser's prefix, and with what to do for the seed's
   * one-line form ({@code { minInstances = 3 maxInstances = 9 ... }}), which HOCON cannot read.
   */
  static Problem problem(String name, ConfigException e) {
    ConfigOrigin o = e.origin();
    String file = o != null && o.filename() != null ? o.filename() : name;
    int line = o == null ? 0 : Math.max(0, o.lineNumber());
    String message = e.getMessage();
    String prefix = o == null ? null : o.description() + ": ";
    if (prefix != null && message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    message = message.replaceFirst("^" + java.util.regex.Pattern.quote(file) + ": \\d+: ", "");
    if (e instanceof ConfigException.Parse && message.contains("got '='")) {
      return new Problem(
          file,
          line,
          "not valid HOCON: keys need a comma or a new line between them. Written on one line"
              + " (as the seed's article prints `autoscale = { minInstances = 3 maxInstances = 9"
              + " ... }`), the second key is read as part of the first one's value. Put each key"
              + " on its own line, or separate them with commas. (HOCON parser: "
              + message.replaceFirst(" \\(if you intended.*$", "")
              + ")");
    }
    // never the environment, which a resolver's internal error may print whole
    int internal = message.indexOf("ResolveSource(");
    if (internal >= 0) {
      message = message.substring(0, internal).strip() + " (could not resolve substitutions)";
    }
    if (message.length() > 400) {
      message = message.substring(0, 400) + "...";
    }
    if (e instanceof ConfigException.UnresolvedSubstitution) {
      message += " (set it in the file, or in the environment and write ${?NAME})";
    }
    return new Problem(file, line, message);
  }
}

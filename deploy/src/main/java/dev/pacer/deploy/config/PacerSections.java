package dev.pacer.deploy.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.pacer.autodeployer.policy.AutodeployLabel;
import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import dev.pacer.common.marathon.AppIds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Pacer sections of an app config, {@code autoscale}, {@code autodeploy} and {@code
 * slack.channel}: each parsed by the parser its daemon uses and injected as the label of that name;
 * a label written by hand in {@code labels} checked the same way. Pure.
 */
final class PacerSections {
  static final String AUTOSCALE = AppConfigs.AUTOSCALE;
  static final String AUTODEPLOY = AppConfigs.AUTODEPLOY;
  static final String SLACK_CHANNEL = AppConfigs.SLACK_CHANNEL;
  private static final ConfigResolveOptions RESOLVE = AppConfigs.RESOLVE;

  private PacerSections() {}

  static Optional<AutoscalePolicy> autoscale(
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
          Origins.at(
              raw, name, "autoscale must be an object: autoscale { minInstances = 3, ... }"));
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
      problems.add(Origins.problem(name, e));
      return Optional.empty();
    }
    try {
      AutoscalePolicy policy = AutoscaleLabel.parse(appId, label);
      injected.put(AUTOSCALE, label);
      return Optional.of(policy);
    } catch (IllegalArgumentException e) {
      problems.add(Origins.at(raw, name, "autoscale: " + e.getMessage()));
      return Optional.empty();
    }
  }

  static Optional<AutodeployPolicy> autodeploy(
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
          Origins.at(
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
      problems.add(Origins.at(v, name, "autodeploy: " + e.getMessage()));
      return Optional.empty();
    }
  }

  static void slack(Config app, String name, List<Problem> problems, Map<String, String> injected) {
    if (!app.hasPath("slack")) {
      return;
    }
    ConfigValue v = app.getValue("slack");
    if (v.valueType() != ConfigValueType.OBJECT
        || !app.getObject("slack").keySet().equals(java.util.Set.of("channel"))
        || app.getValue(SLACK_CHANNEL).valueType() != ConfigValueType.STRING
        || app.getString(SLACK_CHANNEL).isBlank()) {
      problems.add(
          Origins.at(
              v, name, "slack takes one key, channel: slack.channel = \"#deploys\" (a channel)"));
      return;
    }
    injected.put(SLACK_CHANNEL, app.getString(SLACK_CHANNEL).strip());
  }

  /**
   * The app's labels, as strings, with the Pacer sections injected. A label written by hand for a
   * Pacer section is checked by the same parser; written both ways, it is a problem.
   */
  @SuppressWarnings("unchecked")
  static void labels(
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
            Origins.located(
                Origins.originOf(app, List.of("labels")),
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

  static void handWritten(
      Map<String, Object> labels,
      Map<String, String> injected,
      Config app,
      String appId,
      String name,
      List<Problem> problems) {
    ConfigOrigin at = Origins.originOf(app, List.of("labels"));
    try {
      if (!injected.containsKey(AUTOSCALE) && labels.get(AUTOSCALE) instanceof String s) {
        AutoscaleLabel.parse(appId, s);
      }
    } catch (IllegalArgumentException e) {
      problems.add(Origins.located(at, name, "labels.autoscale: " + e.getMessage()));
    }
    try {
      if (!injected.containsKey(AUTODEPLOY) && labels.get(AUTODEPLOY) instanceof String s) {
        AutodeployLabel.parse(s);
      }
    } catch (IllegalArgumentException e) {
      problems.add(Origins.located(at, name, "labels.autodeploy: " + e.getMessage()));
    }
  }

  /**
   * Marathon takes only strings in {@code env} and {@code labels}: {@code PORT = 8080} is "8080".
   */
  @SuppressWarnings("unchecked")
  static void stringValues(Map<String, Object> definition, String field) {
    if (definition.get(field) instanceof Map<?, ?> m) {
      Map<String, Object> values = (Map<String, Object>) m;
      values.replaceAll(
          (k, v) -> v instanceof Number || v instanceof Boolean ? String.valueOf(v) : v);
    }
  }
}

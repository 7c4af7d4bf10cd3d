package dev.pacer.common.control;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * A {@code POST /pause} or {@code /resume} body, checked: {@code scope} is {@code "global"} or an
 * app id; {@code for} a positive duration (HOCON style: {@code 30m}, {@code 2h}, {@code 1d}) no
 * longer than the configured cap. Each error names its field. Pure.
 */
public record PauseRequest(String scope, Duration duration, String reason, String who) {

  static PauseRequest pause(JsonObject body, Duration maxFor) {
    String scope = scope(body);
    Object f = body.getValue("for");
    if (f == null || f.toString().isBlank()) {
      throw new IllegalArgumentException(
          "for: required, how long the pause lasts, such as \"30m\" or \"2h\" (at most "
              + human(maxFor)
              + ")");
    }
    Duration d;
    try {
      d =
          f instanceof Number n
              ? Duration.ofSeconds(n.longValue())
              : ConfigFactory.parseString("d = \"" + f.toString().replace("\"", "") + "\"")
                  .getDuration("d");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "for: expected a duration such as \"30m\", \"2h\" or \"1d\", got '" + f + "'");
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("for: must be positive, got '" + f + "'");
    }
    if (d.compareTo(maxFor) > 0) {
      throw new IllegalArgumentException(
          "for: " + f + " is longer than the cap of " + human(maxFor) + " (pacer.admin.max-pause)");
    }
    return new PauseRequest(scope, d, text(body, "reason"), text(body, "who"));
  }

  static PauseRequest resume(JsonObject body) {
    return new PauseRequest(scope(body), Duration.ZERO, text(body, "reason"), text(body, "who"));
  }

  private static String scope(JsonObject body) {
    Object s = body.getValue("scope");
    String scope = s == null ? "" : s.toString().strip();
    if (scope.isEmpty()) {
      throw new IllegalArgumentException(
          "scope: required, \"global\", an app id such as \"/shop/web\", a pool such as"
              + " \"pool:scaling\", or a deploy freeze: \"deploys:/shop/web\" or"
              + " \"deploys:global\"");
    }
    if (!scope.equals(Pause.GLOBAL)
        && !scope.equals(Pause.DEPLOYS_GLOBAL)
        && !scope.matches("(" + Pause.DEPLOYS_PREFIX + ")?/[a-z0-9./-]*[a-z0-9]")
        && !scope.matches(Pause.POOL_PREFIX + "[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "scope: expected \"global\", a Marathon app id such as \"/shop/web\", a pool such as"
              + " \"pool:scaling\", or a deploy freeze (\"deploys:/shop/web\","
              + " \"deploys:global\"), got '"
              + scope
              + "'");
    }
    return scope;
  }

  private static String text(JsonObject body, String key) {
    Object v = body.getValue(key);
    return v == null ? "" : v.toString().strip();
  }

  public static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}

package dev.pacer.deploy.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.List;

/** Where a problem is in the files: a value's file and line, a parse error's, a merge's. Pure. */
final class Origins {
  private Origins() {}

  /** The origin of the deepest part of {@code path} the config has; null if none. */
  static ConfigOrigin originOf(Config app, List<String> path) {
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

  static Problem at(ConfigValue v, String name, String message) {
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

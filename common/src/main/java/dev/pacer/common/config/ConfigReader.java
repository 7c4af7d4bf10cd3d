package dev.pacer.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed reads from a config that collect problems instead of throwing on the first one, so a user
 * sees every mistake at once. Each problem names the full key path and what was expected. Call
 * {@link #throwIfInvalid()} after the last read.
 */
public final class ConfigReader {
  private final Config config;
  private final List<ConfigProblem> problems = new ArrayList<>();

  public ConfigReader(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  /** Records a problem once: keys that several parts read (such as pacer.mesos) say it once. */
  public void problem(String path, String message) {
    ConfigProblem p = new ConfigProblem(path, message);
    if (!problems.contains(p)) {
      problems.add(p);
    }
  }

  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new ConfigInvalidException(problems);
    }
  }

  public String string(String path) {
    ConfigValue v = value(path);
    if (v == null) {
      return "";
    }
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      wrongType(path, "a string", v);
      return "";
    }
    return v.valueType() == ConfigValueType.NULL ? "" : String.valueOf(v.unwrapped());
  }

  /**
   * The secret of {@code path}, or, when {@code <path>-file} names a file, that file's content,
   * read again when it changes (a rotation without a restart). Both set is a problem.
   */
  public Secret secret(String path) {
    String fileKey = path + "-file";
    String file = config.hasPath(fileKey) ? string(fileKey).strip() : "";
    if (file.isEmpty()) {
      return Secret.of(string(path));
    }
    if (!string(path).isEmpty()) {
      problem(
          fileKey,
          "set either " + path + " or " + fileKey + ", not both" + at(config.getValue(fileKey)));
      return Secret.of(string(path));
    }
    try {
      Secret s = Secret.ofFile(java.nio.file.Path.of(file), fileKey);
      if (!s.isPresent()) {
        problem(fileKey, "'" + file + "' is empty" + at(config.getValue(fileKey)));
      }
      return s;
    } catch (java.io.IOException | RuntimeException e) {
      problem(fileKey, "cannot read '" + file + "': " + e + at(config.getValue(fileKey)));
      return Secret.empty();
    }
  }

  public boolean bool(String path) {
    try {
      return config.getBoolean(path);
    } catch (ConfigException.Missing e) {
      missing(path, "true or false");
    } catch (ConfigException.WrongType e) {
      wrongType(path, "true or false", config.getValue(path));
    }
    return false;
  }

  public int intIn(String path, int min, int max) {
    ConfigValue v = value(path);
    if (v == null) {
      return min;
    }
    try {
      long n = config.getLong(path);
      if (n < min || n > max) {
        problem(path, "expected a whole number from " + min + " to " + max + ", got " + n + at(v));
        return min;
      }
      return (int) n;
    } catch (ConfigException.WrongType e) {
      wrongType(path, "a whole number from " + min + " to " + max, v);
      return min;
    }
  }

  public double doubleIn(String path, double min, double max) {
    ConfigValue v = value(path);
    if (v == null) {
      return min;
    }
    try {
      double d = config.getDouble(path);
      if (!(d >= min && d <= max)) {
        problem(path, "expected a number from " + min + " to " + max + ", got " + d + at(v));
        return min;
      }
      return d;
    } catch (ConfigException.WrongType e) {
      wrongType(path, "a number from " + min + " to " + max, v);
      return min;
    }
  }

  /** A duration such as {@code 500ms}, {@code 10s} or {@code 2m}, within {@code [min, max]}. */
  public Duration durationIn(String path, Duration min, Duration max) {
    ConfigValue v = value(path);
    if (v == null) {
      return min;
    }
    try {
      Duration d = config.getDuration(path);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        problem(
            path,
            "expected a duration from "
                + human(min)
                + " to "
                + human(max)
                + ", got "
                + human(d)
                + at(v));
        return min;
      }
      return d;
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      wrongType(path, "a duration such as 500ms, 10s or 2m", v);
      return min;
    }
  }

  /** A memory size such as {@code 1MiB} or {@code 512k}, within {@code [min, max]} bytes. */
  public long bytesIn(String path, long min, long max) {
    ConfigValue v = value(path);
    if (v == null) {
      return min;
    }
    try {
      long b = config.getBytes(path);
      if (b < min || b > max) {
        problem(path, "expected a size from " + min + " to " + max + " bytes, got " + b + at(v));
        return min;
      }
      return b;
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      wrongType(path, "a size such as 512KiB or 1MiB", v);
      return min;
    }
  }

  /** A duration, or an empty string for "never"; returns null for never. */
  public Duration optionalDuration(String path, Duration min, Duration max) {
    ConfigValue v = value(path);
    if (v == null
        || (v.valueType() == ConfigValueType.STRING && String.valueOf(v.unwrapped()).isBlank())) {
      return null;
    }
    return durationIn(path, min, max);
  }

  public String oneOf(String path, String... allowed) {
    String s = string(path);
    if (Arrays.stream(allowed).noneMatch(a -> a.equals(s))) {
      problem(
          path,
          "expected one of "
              + String.join(" | ", allowed)
              + ", got '"
              + s
              + "'"
              + at(config.hasPath(path) ? config.getValue(path) : null));
      return allowed[0];
    }
    return s;
  }

  public List<String> stringList(String path) {
    ConfigValue v = value(path);
    if (v == null) {
      return List.of();
    }
    if (v.valueType() != ConfigValueType.LIST) {
      wrongType(path, "a list of strings, such as [\"a\", \"b\"]", v);
      return List.of();
    }
    try {
      return List.copyOf(config.getStringList(path));
    } catch (ConfigException.WrongType e) {
      wrongType(path, "a list of strings, such as [\"a\", \"b\"]", v);
      return List.of();
    }
  }

  /** A non-empty list of absolute http(s) URLs, without a trailing slash. */
  public List<URI> httpUrls(String path) {
    List<String> raw = stringList(path);
    List<URI> urls = new ArrayList<>();
    if (raw.isEmpty() && config.hasPath(path) && value(path).valueType() == ConfigValueType.LIST) {
      problem(path, "expected at least one URL, got an empty list");
    }
    for (int i = 0; i < raw.size(); i++) {
      String s = raw.get(i).strip();
      try {
        URI uri = new URI(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
          problem(
              path + "." + i, "expected an http:// or https:// URL with a host, got '" + s + "'");
        } else {
          urls.add(uri);
        }
      } catch (URISyntaxException e) {
        problem(path + "." + i, "expected a URL, got '" + s + "' (" + e.getReason() + ")");
      }
    }
    return List.copyOf(urls);
  }

  public Path path(String path) {
    String s = string(path);
    return s.isEmpty() ? null : Path.of(s);
  }

  /** A free-form object of string values, such as extra client properties. */
  public Map<String, String> stringMap(String path) {
    ConfigValue v = value(path);
    Map<String, String> out = new TreeMap<>();
    if (v == null) {
      return out;
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      wrongType(path, "an object of key = value pairs", v);
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : config.getConfig(path).entrySet()) {
      ConfigValueType t = e.getValue().valueType();
      if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST) {
        wrongType(path + "." + e.getKey(), "a plain value", e.getValue());
      } else {
        // `"security.protocol" = SSL` and `security.protocol = SSL` both mean the key
        // security.protocol.
        out.put(
            String.join(".", com.typesafe.config.ConfigUtil.splitPath(e.getKey())),
            String.valueOf(e.getValue().unwrapped()));
      }
    }
    return out;
  }

  private ConfigValue value(String path) {
    try {
      if (!config.hasPathOrNull(path)) {
        missing(path, "a value");
        return null;
      }
      return config.getValue(path);
    } catch (ConfigException.Null e) {
      return null;
    } catch (ConfigException e) {
      problem(path, e.getMessage());
      return null;
    }
  }

  private void missing(String path, String expected) {
    problem(path, "missing; expected " + expected);
  }

  private void wrongType(String path, String expected, ConfigValue v) {
    String got =
        v == null
            ? "nothing"
            : v.valueType().name().toLowerCase(Locale.ROOT) + " " + v.render().replace('\n', ' ');
    problem(path, "expected " + expected + ", got " + got + at(v));
  }

  public static String at(ConfigValue v) {
    if (v == null || v.origin() == null) {
      return "";
    }
    String d = v.origin().description();
    return d == null || d.isBlank() ? "" : " (" + d + ")";
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}

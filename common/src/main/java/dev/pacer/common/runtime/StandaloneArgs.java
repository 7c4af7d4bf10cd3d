package dev.pacer.common.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments a daemon's own {@code *Main} takes: {@code [-c FILE] [-D key=value]...}. The {@code
 * pacer} launcher offers the same through its subcommands, with full help.
 */
public record StandaloneArgs(Optional<Path> file, Map<String, String> overrides, boolean help) {

  public static final String USAGE = "usage: [-c FILE] [-D key=value]... [--help]";

  /**
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static StandaloneArgs parse(String[] args) {
    Optional<Path> file = Optional.empty();
    Map<String, String> overrides = new LinkedHashMap<>();
    boolean help = false;
    List<String> list = List.of(args);
    for (int i = 0; i < list.size(); i++) {
      String a = list.get(i);
      if (a.equals("-h") || a.equals("--help")) {
        help = true;
      } else if (a.equals("-c") || a.equals("--config")) {
        if (i + 1 >= list.size()) {
          throw new IllegalArgumentException(a + " needs a FILE");
        }
        file = Optional.of(Path.of(list.get(++i)));
      } else if (a.startsWith("-D")) {
        String kv = a.length() > 2 ? a.substring(2) : (i + 1 < list.size() ? list.get(++i) : "");
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("-D needs key=value, got '" + kv + "'");
        }
        overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
      } else {
        throw new IllegalArgumentException("unknown argument '" + a + "'");
      }
    }
    return new StandaloneArgs(file, overrides, help);
  }

  /** Runs one daemon as its own process; returns the exit code. */
  public static int runDaemon(String[] args, DaemonModule<?> module) {
    StandaloneArgs parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(module.name() + ": " + e.getMessage() + "\n" + USAGE);
      return ProcessRunner.CONFIG_ERROR;
    }
    if (parsed.help()) {
      System.out.println("Runs the Pacer " + module.name() + " alone.\n" + USAGE);
      return ProcessRunner.OK;
    }
    Map<String, String> overrides = new LinkedHashMap<>(parsed.overrides());
    overrides.putIfAbsent("pacer." + module.name() + ".enabled", "true");
    return ProcessRunner.run(parsed.file(), overrides, List.of(module), System.err);
  }
}

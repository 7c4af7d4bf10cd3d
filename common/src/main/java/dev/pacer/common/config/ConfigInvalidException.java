package dev.pacer.common.config;

import java.util.List;
import java.util.stream.Collectors;

/** The config cannot be used. Carries every problem found, each naming its key. */
public final class ConfigInvalidException extends RuntimeException {
  private final List<ConfigProblem> problems;

  public ConfigInvalidException(List<ConfigProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigInvalidException(String path, String message) {
    this(List.of(new ConfigProblem(path, message)));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    return problems.size() == 1
        ? "invalid config: " + problems.get(0)
        : "invalid config ("
            + problems.size()
            + " problems):\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}

package dev.pacer.common.config;

/** One thing wrong with the config: the full key path, and what was expected there. */
public record ConfigProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}

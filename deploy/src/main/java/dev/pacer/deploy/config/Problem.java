package dev.pacer.deploy.config;

/**
 * One thing wrong with an app config, where it is: {@code apps/web.conf:7: autoscale: missing
 * graphite.up}. {@code line} is 0 when no line is known (a missing key, a {@code -D} override).
 */
public record Problem(String file, int line, String message) {
  @Override
  public String toString() {
    return (line > 0 ? file + ":" + line : file) + ": " + message;
  }
}

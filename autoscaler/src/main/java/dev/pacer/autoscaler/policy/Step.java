package dev.pacer.autoscaler.policy;

/**
 * {@code maxStepUp} or {@code maxStepDown}: a count of instances ({@code 2}) or a percentage of the
 * instances the app has ({@code "50%"}, HPA's {@code Percent} policy). A percentage allows at least
 * one instance, so an app always moves: up it rounds up ({@code ceil(n × p / 100)}), down it rounds
 * down ({@code floor(n × p / 100)}).
 */
public record Step(int count, int percent) {

  public static Step of(int count) {
    return new Step(count, 0);
  }

  public static Step percent(int percent) {
    return new Step(0, percent);
  }

  /** The most instances one scale-up may add to {@code n}. */
  public int up(int n) {
    return count > 0 ? count : (int) Math.max(1, Math.ceil(n * (double) percent / 100));
  }

  /** The most instances one scale-down may remove from {@code n}. */
  public int down(int n) {
    return count > 0 ? count : (int) Math.max(1, Math.floor(n * (double) percent / 100));
  }

  @Override
  public String toString() {
    return count > 0 ? String.valueOf(count) : percent + "%";
  }
}

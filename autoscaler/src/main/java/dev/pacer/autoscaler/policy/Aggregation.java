package dev.pacer.autoscaler.policy;

/** How the points of a metric's window become the one value a decision compares. */
public enum Aggregation {
  /** The mean of the non-null points. The default: one spike does not add instances. */
  AVG,
  /** The largest non-null point. Scales up on any spike, down only when every point is low. */
  MAX,
  /** The newest non-null point. */
  LAST;

  static Aggregation parse(String s) {
    for (Aggregation a : values()) {
      if (a.name().equalsIgnoreCase(s)) {
        return a;
      }
    }
    throw new IllegalArgumentException("aggregation: expected avg, max or last, got '" + s + "'");
  }
}

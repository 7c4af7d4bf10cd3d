package dev.pacer.autoscaler.metrics;

import java.util.List;

/**
 * One series of a Graphite render answer. {@code values} and {@code times} (epoch seconds) are
 * parallel; a missing bucket is {@code NaN}, as are Graphite's {@code 1e9999} and {@code -1e9999}
 * (infinities are not measurements).
 */
public record Series(String target, double[] values, long[] times) {

  public int size() {
    return values.length;
  }

  static Series of(String target, List<double[]> points) {
    double[] v = new double[points.size()];
    long[] t = new long[points.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = points.get(i)[0];
      t[i] = (long) points.get(i)[1];
    }
    return new Series(target, v, t);
  }
}

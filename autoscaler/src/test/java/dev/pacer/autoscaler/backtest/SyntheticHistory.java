package dev.pacer.autoscaler.backtest;

import java.util.Random;

/**
 * Days of a realistic metric, one point a minute: a diurnal curve (low at night, high in the
 * afternoon) with noise, a spike, and a gap of nulls; and the instance count an app following it
 * would have had. Written to carbon as plaintext lines with explicit timestamps.
 */
public final class SyntheticHistory {
  /** The epoch second of the first point; a multiple of 60. */
  public final long start;

  public final int minutes;

  /** The spike: minutes after the start, and how long. */
  public final int spikeAt;

  public final int spikeMinutes;

  /** The gap of nulls: minutes after the start, and how long. */
  public final int gapAt;

  public final int gapMinutes;
  private final double[] cpu;
  private final int[] instances;

  public SyntheticHistory(long start, int days, long seed) {
    this.start = start / 60 * 60;
    this.minutes = days * 1440;
    this.spikeAt = minutes * 2 / 3;
    this.spikeMinutes = 20;
    this.gapAt = minutes / 3;
    this.gapMinutes = 45;
    Random random = new Random(seed);
    cpu = new double[minutes];
    instances = new int[minutes];
    int n = 4;
    for (int i = 0; i < minutes; i++) {
      long t = this.start + i * 60L;
      double hour = (t % 86_400) / 3600.0;
      // the load, in instances' worth: 1.5 at 03:00, 3.3 at 15:00
      double load = 2.4 - 0.9 * Math.cos((hour - 3) / 24 * 2 * Math.PI);
      load *= 1 + random.nextGaussian() * 0.06;
      if (i >= spikeAt && i < spikeAt + spikeMinutes) {
        load *= 2.2;
      }
      if (i % 30 == 0) { // an operator's autoscaler, every half hour, to the middle of [0.4, 0.7]
        n = Math.max(3, Math.min(9, (int) Math.ceil(load / 0.55)));
      }
      instances[i] = n;
      cpu[i] = load / n;
    }
  }

  public double cpu(int minute) {
    return inGap(minute) ? Double.NaN : cpu[minute];
  }

  public int instances(int minute) {
    return instances[minute];
  }

  public boolean inGap(int minute) {
    return minute >= gapAt && minute < gapAt + gapMinutes;
  }

  /** The plaintext lines of {@code cpuPath} and {@code instancesPath}; nothing in the gap. */
  public String lines(String cpuPath, String instancesPath) {
    StringBuilder b = new StringBuilder(minutes * 80);
    for (int i = 0; i < minutes; i++) {
      long t = start + i * 60L;
      if (!inGap(i)) {
        b.append(cpuPath).append(' ').append(cpu[i]).append(' ').append(t).append('\n');
        if (instancesPath != null) {
          b.append(instancesPath)
              .append(' ')
              .append(instances[i])
              .append(' ')
              .append(t)
              .append('\n');
        }
      }
    }
    return b.toString();
  }
}

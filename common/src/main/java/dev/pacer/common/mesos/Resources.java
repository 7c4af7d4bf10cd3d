package dev.pacer.common.mesos;

import java.util.Map;

/** The three scalar resources Pacer plans with: cpus, mem (MB) and disk (MB). */
public record Resources(double cpus, double mem, double disk) {
  public static final Resources ZERO = new Resources(0, 0, 0);

  /** The cpus, mem and disk of a Mesos resources object; absent ones are 0. */
  public static Resources of(Object mesosResources) {
    if (!(mesosResources instanceof Map<?, ?> m)) {
      return ZERO;
    }
    return new Resources(num(m.get("cpus")), num(m.get("mem")), num(m.get("disk")));
  }

  public Resources plus(Resources o) {
    return new Resources(cpus + o.cpus, mem + o.mem, disk + o.disk);
  }

  public Resources minus(Resources o) {
    return new Resources(cpus - o.cpus, mem - o.mem, disk - o.disk);
  }

  public Resources times(double k) {
    return new Resources(cpus * k, mem * k, disk * k);
  }

  /** Each resource of this as a part of {@code total}'s (1 where the total has none). */
  public Resources fractionOf(Resources total) {
    return new Resources(frac(cpus, total.cpus), frac(mem, total.mem), frac(disk, total.disk));
  }

  public double min() {
    return Math.min(cpus, Math.min(mem, disk));
  }

  public double max() {
    return Math.max(cpus, Math.max(mem, disk));
  }

  /** The resource with the smallest value, named: the most constrained free fraction. */
  public String minName() {
    return cpus <= mem && cpus <= disk ? "cpus" : mem <= disk ? "mem" : "disk";
  }

  public boolean isZero() {
    return cpus == 0 && mem == 0 && disk == 0;
  }

  private static double frac(double part, double total) {
    return total <= 0 ? 1 : part / total;
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }

  /** For {@code /status}: cpus, mem and disk to two decimals. */
  public java.util.Map<String, Object> rounded() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("cpus", Math.round(cpus * 100) / 100.0);
    m.put("mem", Math.round(mem * 100) / 100.0);
    m.put("disk", Math.round(disk * 100) / 100.0);
    return m;
  }
}

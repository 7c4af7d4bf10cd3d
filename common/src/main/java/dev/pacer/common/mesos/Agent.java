package dev.pacer.common.mesos;

import java.util.Map;

/**
 * One Mesos agent as {@code /master/state} shows it: {@code ip} is taken from its {@code pid}
 * ({@code slave(1)@10.0.0.5:5051}); {@code drain} is {@code DRAINING}, {@code DRAINED} or empty;
 * {@code tasks} counts its running tasks over every framework.
 */
public record Agent(
    String id,
    String hostname,
    String ip,
    Map<String, String> attributes,
    Resources total,
    Resources used,
    boolean active,
    boolean deactivated,
    String drain,
    int tasks) {

  public Agent {
    attributes = Map.copyOf(attributes);
    drain = drain == null ? "" : drain;
  }

  public Resources free() {
    return total.minus(used);
  }

  /** The largest used fraction of its three resources: how busy it is. */
  public double load() {
    return used.fractionOf(total).max();
  }

  public boolean draining() {
    return !drain.isEmpty() || deactivated;
  }

  /** This agent as draining for {@code why} (such as being in the maintenance schedule). */
  public Agent draining(String why) {
    return new Agent(id, hostname, ip, attributes, total, used, active, deactivated, why, tasks);
  }
}

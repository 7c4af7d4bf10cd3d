package dev.pacer.common.ha;

import java.util.Map;

/**
 * Whether this process may act now. Daemons that change the cluster on a schedule (the autoscaler,
 * the agent-scaler, the backstop poll, the pause sweep) ask at the start of each cycle and again
 * just before each change, so a replica that lost its ZooKeeper session stops between two changes,
 * not at the end of a cycle. Without HA the one process always leads.
 */
public interface Leadership {

  boolean isLeader();

  /** This replica's name ({@code pacer.ha.id}). */
  String id();

  /** The {@code ha} part of {@code /status}. */
  Map<String, Object> status();

  /** A process that acts alone: always the leader. */
  static Leadership solo(String id) {
    return new Leadership() {
      @Override
      public boolean isLeader() {
        return true;
      }

      @Override
      public String id() {
        return id;
      }

      @Override
      public Map<String, Object> status() {
        return Map.of("mode", "solo", "id", id, "leader", true);
      }
    };
  }
}

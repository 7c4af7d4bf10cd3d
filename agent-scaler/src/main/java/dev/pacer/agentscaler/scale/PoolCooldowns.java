package dev.pacer.agentscaler.scale;

import dev.pacer.agentscaler.cloud.AutoScalingGroups.Activity;
import java.time.Instant;
import java.util.Collection;

/**
 * When a pool last scaled up and last scaled down, read from what took effect rather than from
 * memory, so a restart or a failover never shortens a cooldown and a failed attempt never starts
 * one: the group's newest launch activity is the last scale-up; its newest termination, or the
 * newest maintenance window of one of the pool's agents (a drain under way), the last scale-down.
 * What this process did and the group does not list yet (AWS shows an activity a moment after the
 * call) is {@code remembered*}, the later time wins. Conservative on purpose: a launch that
 * replaced an unhealthy instance counts as a scale-up too. Pure.
 */
record PoolCooldowns(Instant lastUp, Instant lastDown) {

  static PoolCooldowns derive(
      Collection<Activity> activities,
      Collection<Instant> drainStarts,
      Instant rememberedUp,
      Instant rememberedDown) {
    Instant up = rememberedUp;
    Instant down = rememberedDown;
    for (Activity a : activities) {
      if (a.launch()) {
        up = later(up, a.start());
      } else if (a.termination()) {
        down = later(down, a.start());
      }
    }
    for (Instant start : drainStarts) {
      down = later(down, start);
    }
    return new PoolCooldowns(up, down);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || (b != null && b.isAfter(a)) ? b : a;
  }
}

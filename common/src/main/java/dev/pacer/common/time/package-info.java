/**
 * Time, as the daemons see it: the {@link Scheduler} port (the injected clock, and timers on its
 * time) and its Vert.x adapter. Every decision's timer (a lane's wait, a deployment's deadline, a
 * pause's expiry, Slack's pacing, the daemons' cycles) goes through it, so a test moves time by
 * hand ({@code testkit.ManualScheduler}) and runs in milliseconds. The IO adapters' own retries
 * (Marathon's transport, the event stream's reconnect, the backbones' redelivery) stay on wall
 * time. May import {@code java.*} and {@code io.vertx.core}.
 */
package dev.pacer.common.time;

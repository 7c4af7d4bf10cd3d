package dev.pacer.autoscaler.metrics;

import java.time.Instant;

/** What one app's metric says this cycle: a value, or why there is none. */
public sealed interface Sample {

  /** The window's points reduced to one value; {@code newest} is the newest point's time. */
  record Value(double value, Instant newest) implements Sample {}

  /** No usable value: missing, null, empty, stale, or Graphite failed. Never a reason to act. */
  record NoData(String reason) implements Sample {}
}

package dev.pacer.common.events.types;

import java.util.List;

/**
 * {@code pacer.collector.degraded}: more than {@code maxMissing} of the {@code agents} did not
 * answer, so only the apps whose every task was sampled got points. {@code missing} names them
 * (hostnames); said when it starts and when the missing agents change.
 */
public record CollectorDegraded(List<String> missing, int agents, double maxMissing)
    implements EventData {
  public CollectorDegraded {
    missing = missing == null ? List.of() : List.copyOf(missing);
  }

  @Override
  public String type() {
    return EventTypes.COLLECTOR_DEGRADED;
  }
}

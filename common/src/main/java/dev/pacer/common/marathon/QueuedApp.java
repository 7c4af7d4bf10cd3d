package dev.pacer.common.marathon;

import java.util.List;

/**
 * One entry of {@code GET /v2/queue}: an app with {@code count} launches Marathon waits to place,
 * the resources of each and the app's constraints ({@code ["pool", "LIKE", "scaling"]}, as
 * strings).
 */
public record QueuedApp(
    String appId, int count, double cpus, double mem, double disk, List<List<String>> constraints) {
  public QueuedApp {
    constraints = constraints.stream().map(List::copyOf).toList();
  }
}

package dev.pacer.common.marathon;

import java.util.Optional;

/**
 * {@code GET /v2/apps/{id}} beyond {@link MarathonApp}: the share of instances a deployment keeps
 * healthy ({@code upgradeStrategy.minimumHealthCapacity}, Marathon's default 1.0) and the app's
 * last task failure, if Marathon kept one.
 */
public record AppDetails(
    MarathonApp app, double minimumHealthCapacity, Optional<TaskFailure> lastTaskFailure) {

  /** Marathon's {@code lastTaskFailure}: the task's state, its host, when, and Mesos's message. */
  public record TaskFailure(String state, String host, String timestamp, String message) {}
}

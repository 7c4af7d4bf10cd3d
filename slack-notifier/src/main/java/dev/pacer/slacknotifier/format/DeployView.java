package dev.pacer.slacknotifier.format;

import java.time.Duration;
import java.time.Instant;

/**
 * What one deployment's living message shows: built from its {@code pacer.deploy.*} events, in
 * order, and rendered again after each. {@code trigger} says what caused it (the push, or the
 * backstop); {@code lastTaskFailure} is Marathon's, when a failed deploy has one.
 */
public record DeployView(
    String appId,
    String image,
    String previousImage,
    String deploymentId,
    State state,
    String trigger,
    Instant startedAt,
    Instant endedAt,
    String reason,
    String lastTaskFailure,
    boolean forced,
    String rollback) {

  public enum State {
    STARTED,
    SUCCEEDED,
    FAILED,
    ROLLED_BACK
  }

  public DeployView {
    previousImage = previousImage == null ? "" : previousImage;
    deploymentId = deploymentId == null ? "" : deploymentId;
    trigger = trigger == null ? "" : trigger;
    reason = reason == null ? "" : reason;
    lastTaskFailure = lastTaskFailure == null ? "" : lastTaskFailure;
    rollback = rollback == null ? "" : rollback;
  }

  public static DeployView started(
      String appId,
      String image,
      String previous,
      String deploymentId,
      String trigger,
      Instant at,
      boolean forced) {
    return new DeployView(
        appId, image, previous, deploymentId, State.STARTED, trigger, at, null, "", "", forced, "");
  }

  public DeployView succeeded(Instant at) {
    return with(State.SUCCEEDED, at, reason, lastTaskFailure, rollback);
  }

  public DeployView failed(Instant at, String why, String taskFailure) {
    return with(State.FAILED, at, why, taskFailure, rollback);
  }

  public DeployView rolledBack(String how) {
    return with(State.ROLLED_BACK, endedAt, reason, lastTaskFailure, how);
  }

  public DeployView withTaskFailure(String taskFailure) {
    return with(state, endedAt, reason, taskFailure, rollback);
  }

  /** From start to end; null while it runs, or when the start was not seen. */
  public Duration duration() {
    return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
  }

  private DeployView with(State s, Instant end, String why, String taskFailure, String how) {
    return new DeployView(
        appId,
        image,
        previousImage,
        deploymentId,
        s,
        trigger,
        startedAt,
        end,
        why,
        taskFailure,
        forced,
        how);
  }
}

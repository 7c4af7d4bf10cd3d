package dev.pacer.common.marathon;

import java.util.List;

/** One entry of {@code GET /v2/deployments}; finished deployments disappear from that list. */
public record Deployment(
    String id,
    String version,
    List<String> affectedApps,
    int currentStep,
    int totalSteps,
    List<Action> currentActions) {

  public Deployment {
    affectedApps = List.copyOf(affectedApps);
    currentActions = List.copyOf(currentActions);
  }

  /**
   * {@code StartApplication | StopApplication | ScaleApplication | RestartApplication} and pods.
   */
  public record Action(String action, String app) {}
}

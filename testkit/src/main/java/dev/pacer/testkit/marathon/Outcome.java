package dev.pacer.testkit.marathon;

/** How the simulator ends the deployments it starts. */
public enum Outcome {
  /** Finishes after the configured duration: deployment_success. */
  SUCCESS,
  /** Fails after the configured duration: deployment_failed. */
  FAILURE,
  /** Never finishes, as a real stuck deployment, until a DELETE or a forced change. */
  STUCK
}

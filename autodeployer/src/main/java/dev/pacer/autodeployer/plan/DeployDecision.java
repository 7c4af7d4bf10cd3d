package dev.pacer.autodeployer.plan;

import java.util.Map;

/** What to do with one push for one app: a value, decided without IO. */
public sealed interface DeployDecision {

  String reason();

  /** Set {@code image} and merge {@code labels} into the app's labels. */
  record Deploy(String image, Map<String, String> labels, String reason) implements DeployDecision {
    public Deploy {
      labels = Map.copyOf(labels);
    }
  }

  /**
   * Leave the app alone, by {@code rule} ({@code already-running}, {@code older}, {@code
   * rolled-back}, {@code no-match}; {@code DeploySkipped} lists them all).
   */
  record Skip(String rule, String reason) implements DeployDecision {}
}

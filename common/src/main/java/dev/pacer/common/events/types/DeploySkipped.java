package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code pacer.deploy.skipped}: a push that matched the app's pattern was not deployed to it, by
 * {@code rule}: {@code already-running} (the app runs its digest or image), {@code older} (pushed
 * before what the app runs: never downgrade), {@code rolled-back} (its digest was rolled back from
 * the app), {@code moved} (a later push moved the tag), {@code manifest-missing} (not in the
 * registry within the grace), {@code no-match}, {@code policy} (the label's tag policy refuses the
 * tag), {@code quarantined} (its digest is quarantined for the app), {@code awaiting-approval} (the
 * same image already waits for its approval). The reason says it with the values. For the decision
 * journal; Slack does not post it.
 */
public record DeploySkipped(@JsonUnwrapped Facts facts, String rule) implements DeployEvent {

  public DeploySkipped {
    EventTypes.require(rule, "rule");
  }

  @Override
  public String type() {
    return EventTypes.DEPLOY_SKIPPED;
  }
}

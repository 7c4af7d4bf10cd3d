package dev.pacer.deploy.plan;

import dev.pacer.slacknotifier.format.ConfigDiff;
import java.util.List;
import java.util.Map;

/**
 * What a deploy sends and why. {@code body} is the PUT body (JSON-shaped); {@code creates} when no
 * app has the id yet; {@code notes} say each decision that overrode the file (kept instances, kept
 * image); {@code changes} is the diff against the running app, field by field.
 */
public record DeployPlan(
    String appId,
    Map<String, Object> body,
    boolean creates,
    List<String> notes,
    List<ConfigDiff.Change> changes) {

  /** Whether applying it changes nothing Marathon would act on. */
  public boolean unchanged() {
    return !creates && changes.isEmpty();
  }
}

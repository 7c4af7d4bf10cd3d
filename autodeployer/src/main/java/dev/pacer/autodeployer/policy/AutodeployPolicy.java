package dev.pacer.autodeployer.policy;

import java.util.Optional;

/**
 * What an app's {@code autodeploy} label asks for. {@code rollback} is empty when the label does
 * not say, so the config default ({@code pacer.autodeployer.rollback}) applies. {@code tags} is the
 * tag policy ({@link TagPolicy#GLOB} unless the label's object form names another). {@code dryRun}:
 * decide and publish {@code pacer.deploy.dry_run}, deploy nothing. {@code approvals}: the votes a
 * push needs before it deploys (0: none), within {@code approvalDeadline}.
 */
public record AutodeployPolicy(
    ImagePattern pattern,
    Optional<Boolean> rollback,
    boolean pinDigest,
    TagPolicy tags,
    boolean dryRun,
    int approvals,
    java.time.Duration approvalDeadline) {

  /** The deadline of an approval when the label names none. */
  public static final java.time.Duration DEFAULT_DEADLINE = java.time.Duration.ofHours(24);

  public AutodeployPolicy(ImagePattern pattern, Optional<Boolean> rollback, boolean pinDigest) {
    this(pattern, rollback, pinDigest, TagPolicy.GLOB, false);
  }

  public AutodeployPolicy(
      ImagePattern pattern, Optional<Boolean> rollback, boolean pinDigest, TagPolicy tags) {
    this(pattern, rollback, pinDigest, tags, false);
  }

  public AutodeployPolicy(
      ImagePattern pattern,
      Optional<Boolean> rollback,
      boolean pinDigest,
      TagPolicy tags,
      boolean dryRun) {
    this(pattern, rollback, pinDigest, tags, dryRun, 0, DEFAULT_DEADLINE);
  }

  /** Whether a push must be approved before it deploys. */
  public boolean needsApproval() {
    return approvals > 0;
  }

  public boolean rollbackOr(boolean configDefault) {
    return rollback.orElse(configDefault);
  }

  /** Null when the pattern and the tag policy take the tag, else why not. */
  public String refuses(String tag) {
    return tags.refuses(tag);
  }
}

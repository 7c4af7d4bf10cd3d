package dev.pacer.autodeployer.plan;

import dev.pacer.common.marathon.MarathonApp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the tag a missed notification should have deployed: among the app's matching tags, those
 * whose digest differs from the one Pacer last deployed and whose image was created after that
 * push, the newest by image {@code created} time. An app Pacer never deployed is left on the tag it
 * runs. Pure.
 */
public final class BackstopPlanner {
  private BackstopPlanner() {}

  /** One matching tag as the registry has it now. */
  public record TagState(String reference, String tag, String digest, Instant created) {}

  /** The choice, and how many changed tags it was chosen from (for the event's reason). */
  public record Choice(TagState tag, int candidates) {}

  public static Optional<Choice> choose(List<TagState> tags, MarathonApp app) {
    String deployedDigest = app.labels().getOrDefault(DeploymentPlanner.IMAGE_DIGEST, "");
    Instant deployedAt = instant(app.labels().get(DeploymentPlanner.IMAGE_PUSHED_AT));
    List<TagState> candidates =
        tags.stream()
            .filter(t -> !t.digest().isEmpty() && t.created() != null)
            .filter(t -> !t.digest().equals(deployedDigest))
            .filter(t -> deployedAt == null || t.created().isAfter(deployedAt))
            .filter(t -> !(deployedDigest.isEmpty() && app.image().equals(t.reference())))
            .toList();
    return candidates.stream()
        .max(Comparator.comparing(TagState::created).thenComparing(TagState::tag))
        .map(t -> new Choice(t, candidates.size()));
  }

  private static Instant instant(String s) {
    try {
      return s == null || s.isBlank() ? null : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

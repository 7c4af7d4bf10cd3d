package dev.pacer.autodeployer.plan;

import dev.pacer.common.marathon.MarathonApp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the tag a missed notification should have deployed, among the app's matching tags as the
 * registry has them now. A tag is deployable when its digest is not the one Pacer last deployed and
 * it is surely newer than that push: its digest changed after a poll that came after the deployed
 * push ({@code changedAfter}), or, failing that knowledge, its image was created after the push.
 * The first test holds whatever {@code created} says, which matters because reproducible builds
 * (Jib, ko, Bazel) write {@code created} = 1970. Among them the latest seen by the polls wins, then
 * the latest created, then the greatest tag. A change whose time is not known to follow the
 * deployed push (two tags changed between two polls, one of them deployed) is never taken: never
 * downgrade comes first. An app Pacer never deployed is left on the tag it runs. Pure.
 */
public final class BackstopPlanner {
  private BackstopPlanner() {}

  /**
   * One matching tag as the registry has it now. {@code changedAfter}: its digest is known to have
   * changed after this time (a poll saw the tag without it, or with another digest); null when
   * unknown (the first poll after a start). {@code seenAt}: the poll that first saw this digest
   * under this tag. {@code created}: the image's config, null when unreadable.
   */
  public record TagState(
      String reference,
      String tag,
      String digest,
      Instant created,
      Instant changedAfter,
      Instant seenAt) {}

  /** The choice, how many changed tags it was chosen from, and the push time to give it. */
  public record Choice(TagState tag, int candidates, Instant pushedAt) {}

  public static Optional<Choice> choose(List<TagState> tags, MarathonApp app) {
    return choose(tags, app, dev.pacer.autodeployer.policy.TagPolicy.GLOB);
  }

  /**
   * Under a tag policy that orders tags (semver, numerical, alphabetical), the newest tag by it
   * that is newer than the one the app runs (any tag it takes, when the running one is not its);
   * under a glob, as above. Tags the policy refuses (its {@code ignore}) are never chosen.
   */
  public static Optional<Choice> choose(
      List<TagState> tags, MarathonApp app, dev.pacer.autodeployer.policy.TagPolicy policy) {
    List<TagState> taken = tags.stream().filter(t -> policy.refuses(t.tag()) == null).toList();
    if (policy.ordersTags()) {
      String deployedDigest = app.labels().getOrDefault(DeploymentPlanner.IMAGE_DIGEST, "");
      String running = DeploymentPlanner.tagOf(app.image());
      boolean runningTaken = running != null && policy.refuses(running) == null;
      List<TagState> newer =
          taken.stream()
              .filter(t -> !t.digest().isEmpty() && !t.digest().equals(deployedDigest))
              .filter(t -> !runningTaken || policy.compare(t.tag(), running) > 0)
              .toList();
      return newer.stream()
          .max((a, b) -> policy.compare(a.tag(), b.tag()))
          .map(t -> new Choice(t, newer.size(), t.seenAt()));
    }
    return chooseByTime(taken, app);
  }

  private static Optional<Choice> chooseByTime(List<TagState> tags, MarathonApp app) {
    String deployedDigest = app.labels().getOrDefault(DeploymentPlanner.IMAGE_DIGEST, "");
    Instant deployedAt = instant(app.labels().get(DeploymentPlanner.IMAGE_PUSHED_AT));
    List<TagState> candidates =
        tags.stream()
            .filter(t -> !t.digest().isEmpty())
            .filter(t -> !t.digest().equals(deployedDigest))
            .filter(
                t ->
                    deployedAt == null
                        || changedSince(t, deployedAt)
                        || createdSince(t, deployedAt))
            .filter(t -> !(deployedDigest.isEmpty() && app.image().equals(t.reference())))
            .filter(t -> deployedAt != null || t.created() != null || t.changedAfter() != null)
            .toList();
    return candidates.stream()
        .max(
            Comparator.comparing(TagState::seenAt)
                .thenComparing(TagState::created, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(TagState::tag))
        .map(t -> new Choice(t, candidates.size(), pushedAt(t, deployedAt)));
  }

  /**
   * The push time the deploy carries (the planner never deploys one older than the app's): the poll
   * that saw the change when that is known to follow the deployed push, else the image's creation.
   */
  static Instant pushedAt(TagState t, Instant deployedAt) {
    if (t.changedAfter() != null && (deployedAt == null || changedSince(t, deployedAt))) {
      return t.seenAt();
    }
    return t.created() != null ? t.created() : t.seenAt();
  }

  private static boolean changedSince(TagState t, Instant at) {
    return t.changedAfter() != null && !t.changedAfter().isBefore(at);
  }

  private static boolean createdSince(TagState t, Instant at) {
    return t.created() != null && t.created().isAfter(at);
  }

  private static Instant instant(String s) {
    try {
      return s == null || s.isBlank() ? null : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

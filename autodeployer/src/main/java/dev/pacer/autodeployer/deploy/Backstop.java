package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.plan.BackstopPlanner;
import dev.pacer.autodeployer.plan.BackstopPlanner.TagState;
import dev.pacer.autodeployer.policy.AutodeployLabel;
import dev.pacer.autodeployer.policy.ImagePattern;
import dev.pacer.autodeployer.policy.WatchedApp;
import dev.pacer.common.marathon.MarathonApp;
import dev.pacer.common.marathon.MarathonClient;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop for lost notifications (the registry keeps them in memory only): every {@code
 * poll-interval}, for each watched app with an exact repository, lists the repository's tags, reads
 * the digest and image creation time of the matching ones, and hands the newest changed one ({@link
 * BackstopPlanner}) to the app's lane, like a push. It remembers what each poll saw of each
 * repository (the tag list; each tag's digest, when it was seen to change and when first seen), so
 * a tag that appeared or moved since the previous poll is known to be newer than a push deployed
 * before that poll, whatever its image's {@code created} says (reproducible builds write 1970); the
 * memory starts empty with the process. Apps whose lane is busy wait for the next poll; so do apps
 * whose registry is not known (no {@code registry.url}, no host in the pattern) and patterns with a
 * glob in the repository, which are not polled.
 */
public final class Backstop {
  private static final Logger LOG = LoggerFactory.getLogger(Backstop.class);

  /** What the polls saw of one tag. */
  private record Seen(String digest, Instant changedAfter, Instant seenAt, Instant checkedAt) {}

  /** What the polls saw of one repository: its tag list at the last poll, and its tags. */
  private static final class Repository {
    long generation = -1; // the poll that listed it last
    Set<String> listed; // that poll's list
    Set<String> previous; // the list of the poll before
    Instant previousAt;
    Instant listedAt;
    final Map<String, Seen> tags = new HashMap<>();
  }

  private final MarathonClient marathon;
  private final RegistryClient registry;
  private final Autodeployer autodeployer;
  private final Clock clock;
  private final io.micrometer.core.instrument.Counter polls;
  // Touched on the autodeployer's event loop only.
  private final Map<String, Repository> seen = new HashMap<>();
  private long generation;

  public Backstop(
      MarathonClient marathon,
      RegistryClient registry,
      Autodeployer autodeployer,
      Clock clock,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    this.polls =
        io.micrometer.core.instrument.Counter.builder("pacer.autodeployer.backstop.polls")
            .description("backstop polls of the registry done (whatever they found)")
            .register(metrics);
    this.marathon = marathon;
    this.registry = registry;
    this.autodeployer = autodeployer;
    this.clock = clock;
  }

  /** One poll over every watched app, one app at a time to keep the registry's load flat. */
  public Future<Void> poll() {
    long poll = ++generation;
    return marathon
        .listApps(AutodeployLabel.NAME)
        .compose(
            apps -> {
              Map<String, MarathonApp> byId =
                  apps.stream().collect(Collectors.toMap(MarathonApp::id, Function.identity()));
              Future<Void> chain = Future.succeededFuture();
              for (WatchedApp w : autodeployer.watcher().index().apps()) {
                MarathonApp app = byId.get(w.appId());
                if (app != null) {
                  chain =
                      chain.compose(
                          v ->
                              pollApp(w, app, poll)
                                  .recover(
                                      e -> {
                                        LOG.warn(
                                            "app={} backstop poll failed: {}",
                                            w.appId(),
                                            e.getMessage());
                                        return Future.succeededFuture();
                                      }));
                }
              }
              return chain.onComplete(x -> polls.increment());
            });
  }

  private Future<Void> pollApp(WatchedApp w, MarathonApp app, long poll) {
    ImagePattern p = w.policy().pattern();
    String base = registry.base(p.host());
    if (base.isEmpty() || !p.exactRepository() || autodeployer.busy(w.appId())) {
      return Future.succeededFuture();
    }
    String host = p.hasHost() ? p.host() : registry.hostOf(base);
    Repository repo = seen.computeIfAbsent(base + "/" + p.repository(), k -> new Repository());
    Instant now = clock.instant();
    return registry
        .tags(base, p.repository())
        .compose(
            tags -> {
              // a tag missing from the previous poll's list appeared since then; another app of
              // the same repository in this poll compares with the same list
              if (repo.generation != poll) {
                repo.previous = repo.listed;
                repo.previousAt = repo.listedAt;
                repo.generation = poll;
                repo.listedAt = now;
              }
              repo.listed = new HashSet<>(tags);
              repo.tags.keySet().retainAll(repo.listed);
              Set<String> before = repo.previous;
              Instant listedBefore = repo.previousAt;
              List<Future<TagState>> states = new ArrayList<>();
              for (String tag : tags) {
                if (p.matches(host, p.repository(), tag)) {
                  Instant appearedAfter =
                      before != null && !before.contains(tag) ? listedBefore : null;
                  states.add(tagState(base, host, p.repository(), tag, repo, appearedAfter, now));
                }
              }
              return Future.all(states).map(all -> all.<TagState>list());
            })
        .compose(
            states -> {
              var choice = BackstopPlanner.choose(states, app, w.policy().tags());
              if (choice.isEmpty()) {
                return Future.succeededFuture();
              }
              TagState t = choice.get().tag();
              LOG.info(
                  "app={} backstop: {} changed without a notification; newest of {} changed tags",
                  w.appId(),
                  t.reference(),
                  choice.get().candidates());
              ImagePush push =
                  new ImagePush(
                      "backstop:" + p.repository() + ":" + t.tag() + ":" + t.digest(),
                      w.policy().tags().ordersTags()
                          ? "backstop: notification missed; the newest of "
                              + choice.get().candidates()
                              + " tags newer than the running one (policy "
                              + w.policy().tags()
                              + ")"
                          : "backstop: notification missed; newest of "
                              + choice.get().candidates()
                              + " changed tags (as the polls saw them change, then by image"
                              + " created time)",
                      host,
                      p.repository(),
                      t.tag(),
                      t.digest(),
                      choice.get().pushedAt());
              return autodeployer.deliver(w, push);
            });
  }

  /**
   * The tag as the registry has it now, with what the polls know of its changes: a digest other
   * than the one last seen changed after that poll; a tag new to the list, after the previous list.
   */
  private Future<TagState> tagState(
      String base,
      String host,
      String repository,
      String tag,
      Repository repo,
      Instant appearedAfter,
      Instant now) {
    String reference = host + "/" + repository + ":" + tag;
    return registry
        .digest(base, repository, tag)
        .compose(
            d -> {
              if (d.isEmpty()) {
                repo.tags.remove(tag);
                return Future.succeededFuture(new TagState(reference, tag, "", null, null, now));
              }
              Seen before = repo.tags.get(tag);
              Seen after =
                  before == null
                      ? new Seen(d.get(), appearedAfter, now, now)
                      : before.digest().equals(d.get())
                          ? new Seen(d.get(), before.changedAfter(), before.seenAt(), now)
                          : new Seen(d.get(), before.checkedAt(), now, now);
              repo.tags.put(tag, after);
              return registry
                  .created(base, repository, d.get())
                  .map(
                      c ->
                          new TagState(
                              reference,
                              tag,
                              d.get(),
                              c.orElse(null),
                              after.changedAfter(),
                              after.seenAt()));
            });
  }
}

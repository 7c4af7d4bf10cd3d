package dev.pacer.autodeployer.deploy;

import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseView;
import dev.pacer.common.control.Quarantines;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What holds an app's pushes besides its lane, as the process's pause store keeps it: the deploy
 * freezes ({@code deploys:<app>}, {@code deploys:global}) and the quarantines of images rolled back
 * from the app. A quarantine the store did not take is kept here, so its digest stays out until a
 * restart. Read from the lanes' context and the HTTP handlers; set once at start.
 */
final class Holds {
  private static final Logger LOG = LoggerFactory.getLogger(Holds.class);

  private volatile PauseView pauses = PauseView.NONE;
  private volatile Quarantines quarantines = Quarantines.NONE;
  private final Map<String, Set<String>> unstored = new ConcurrentHashMap<>();

  void pauses(PauseView pauses) {
    this.pauses = pauses;
  }

  void quarantines(Quarantines quarantines) {
    this.quarantines = quarantines;
  }

  /** The freeze that holds the app's pushes now, described; null when none. */
  String freeze(String appId, Instant now) {
    return pauses.freezing(appId, now).map(Pause::describe).orElse(null);
  }

  /** The digests quarantined for the app: the store's, and those it did not take. */
  Set<String> quarantined(String appId) {
    Set<String> out = new HashSet<>(pauses.quarantinedDigests(appId));
    out.addAll(unstored.getOrDefault(appId, Set.of()));
    return out;
  }

  /** Whether a pause store keeps the quarantines, which then decide alone. */
  boolean store() {
    return quarantines != Quarantines.NONE;
  }

  /** Quarantines {@code digest} for the app; a failure to store it is logged, not thrown. */
  Future<Void> quarantine(String appId, String digest, String why, String who) {
    return quarantines
        .quarantine(appId, digest, why, who)
        .recover(
            e -> {
              LOG.error(
                  "app={} {} not quarantined in the pause store (kept out here until a restart):"
                      + " {}",
                  appId,
                  digest,
                  e.toString());
              unstored.computeIfAbsent(appId, k -> ConcurrentHashMap.newKeySet()).add(digest);
              return Future.succeededFuture();
            });
  }
}

package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.policy.AppIndex;
import dev.pacer.autodeployer.policy.AutodeployLabel;
import dev.pacer.autodeployer.policy.WatchedApp;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.MarathonRelayed;
import dev.pacer.common.marathon.MarathonClient;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of apps with an {@code autodeploy} label: read whole at start and on every resync, and
 * kept fresh between resyncs from Marathon's {@code api_post_event} and {@code
 * app_terminated_event}. An app whose label does not parse is left out, with its reason in {@link
 * #skipped()}, and is reported once per label value through {@code onInvalid}.
 */
public final class AppWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(AppWatcher.class);

  /** The Marathon events that keep the index fresh. */
  static final java.util.Set<String> MARATHON_EVENTS =
      java.util.Set.of("api_post_event", "app_terminated_event");

  private final io.vertx.core.Vertx vertx;
  private final MarathonClient marathon;
  private final dev.pacer.common.events.InvalidLabel onInvalid;
  private volatile AppIndex index = AppIndex.empty();
  private final Map<String, String> skipped = new ConcurrentHashMap<>();
  private final Map<String, String> reportedLabels = new ConcurrentHashMap<>();
  // The label text behind each watched app's entry: every deploy Pacer makes comes back as an
  // api_post_event with the same label, which then needs no parse (and no glob compiled).
  private volatile Map<String, String> indexedLabels = new ConcurrentHashMap<>();

  public AppWatcher(
      io.vertx.core.Vertx vertx,
      MarathonClient marathon,
      dev.pacer.common.events.InvalidLabel onInvalid) {
    this.vertx = vertx;
    this.marathon = marathon;
    this.onInvalid = onInvalid;
  }

  public AppIndex index() {
    return index;
  }

  /** App id to the reason its label was not used. */
  public Map<String, String> skipped() {
    return new LinkedHashMap<>(skipped);
  }

  /** A whole index built from one listing, and the apps whose label did not parse. */
  private record Listing(AppIndex index, Map<String, String> labels, Map<String, Bad> bad) {}

  private record Bad(String label, String reason) {}

  public Future<Void> resync() {
    return marathon
        .listLabel(AutodeployLabel.NAME)
        // Thousands of labels to parse and globs to compile: off the event loop.
        .compose(labels -> vertx.executeBlocking(() -> index(labels), false))
        .map(
            listing -> {
              listing.bad().forEach((appId, b) -> report(appId, b.label(), b.reason()));
              index = listing.index();
              indexedLabels = listing.labels();
              skipped.keySet().retainAll(listing.bad().keySet());
              listing.bad().forEach((appId, b) -> skipped.put(appId, b.reason()));
              LOG.info(
                  "autodeploy index: {} apps watched, {} skipped",
                  listing.index().size(),
                  listing.bad().size());
              return null;
            });
  }

  private static Listing index(Map<String, String> listed) {
    List<WatchedApp> watched = new ArrayList<>();
    Map<String, String> labels = new ConcurrentHashMap<>();
    Map<String, Bad> bad = new LinkedHashMap<>();
    listed.forEach(
        (appId, label) -> {
          try {
            watched.add(new WatchedApp(appId, AutodeployLabel.parse(label)));
            labels.put(appId, label);
          } catch (IllegalArgumentException e) {
            bad.put(appId, new Bad(label, e.getMessage()));
          }
        });
    return new Listing(AppIndex.of(watched), labels, bad);
  }

  /** Keeps the index fresh from one {@code pacer.marathon.*} event. */
  public void onMarathonEvent(PacerEvent e) {
    if (!(EventTypes.read(e) instanceof MarathonRelayed relayed)) {
      return;
    }
    if (relayed.eventType().equals("app_terminated_event")) {
      forget(e.subject());
      return;
    }
    if (!relayed.eventType().equals("api_post_event")) {
      return;
    }
    var posted = dev.pacer.common.marathon.MarathonJson.postedApp(relayed.payload(), e.subject());
    if (posted.isEmpty()) {
      return;
    }
    String appId = posted.get().id();
    String label = posted.get().labels().get(AutodeployLabel.NAME);
    if (label == null) {
      forget(appId);
      return;
    }
    String text = label;
    if (text.equals(indexedLabels.get(appId)) && index.get(appId) != null) {
      return; // the label the index already holds, as after each of Pacer's own deploys
    }
    try {
      WatchedApp watched = new WatchedApp(appId, AutodeployLabel.parse(text));
      // Rebuilding a 10,000-app index costs milliseconds on the event loop: only on a change.
      if (!watched.equals(index.get(appId))) {
        index = index.with(watched);
      }
      indexedLabels.put(appId, text);
      skipped.remove(appId);
    } catch (IllegalArgumentException ex) {
      index = index.without(appId);
      indexedLabels.remove(appId);
      skipped.put(appId, ex.getMessage());
      report(appId, text, ex.getMessage());
    }
  }

  private void forget(String appId) {
    index = index.without(appId);
    indexedLabels.remove(appId);
    skipped.remove(appId);
  }

  private void report(String appId, String label, String reason) {
    if (!label.equals(reportedLabels.put(appId, label))) {
      LOG.warn("app={} autodeploy label skipped: {} (label: {})", appId, reason, label);
      onInvalid.report(appId, label, reason);
    }
  }
}

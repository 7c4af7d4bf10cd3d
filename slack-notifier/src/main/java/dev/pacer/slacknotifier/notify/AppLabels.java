package dev.pacer.slacknotifier.notify;

import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.MarathonException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labels of apps the notifier routes messages for ({@code slack.channel}), read from Marathon
 * when first needed and kept for {@code ttl}, or until Marathon says the app changed. When Marathon
 * cannot answer, the app's messages go to the default channel rather than wait.
 */
final class AppLabels {
  private static final Logger LOG = LoggerFactory.getLogger(AppLabels.class);
  private static final int MAX = 10_000;

  private record Entry(Map<String, String> labels, Instant at) {}

  private final MarathonClient marathon;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> e) {
          return size() > MAX;
        }
      };

  AppLabels(MarathonClient marathon, Clock clock, Duration ttl) {
    this.marathon = marathon;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The app's labels; empty for something that is not an app, or that Marathon does not know. */
  Future<Map<String, String>> of(String appId) {
    if (appId == null || !appId.startsWith("/")) {
      return Future.succeededFuture(Map.of());
    }
    Entry e = cache.get(appId);
    Instant now = clock.instant();
    if (e != null && e.at.plus(ttl).isAfter(now)) {
      return Future.succeededFuture(e.labels);
    }
    return marathon
        .getApp(appId)
        .map(
            app -> {
              cache.put(appId, new Entry(app.labels(), now));
              return app.labels();
            })
        .recover(
            err -> {
              if (!(err instanceof MarathonException.NotFound)) {
                LOG.warn(
                    "app={} labels not read, its messages go to the default: {}",
                    appId,
                    err.toString());
                return Future.succeededFuture(e == null ? Map.<String, String>of() : e.labels);
              }
              cache.put(appId, new Entry(Map.of(), now));
              return Future.succeededFuture(Map.of());
            });
  }

  /** The app's labels as an {@code api_post_event} carried them. */
  void changed(String appId, Map<String, String> labels) {
    cache.put(appId, new Entry(Map.copyOf(labels), clock.instant()));
  }
}

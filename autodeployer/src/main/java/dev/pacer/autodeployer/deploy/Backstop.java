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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop for lost notifications (the registry keeps them in memory only): every {@code
 * poll-interval}, for each watched app with an exact repository, lists the repository's tags, reads
 * the digest and image creation time of the matching ones, and hands the newest changed one ({@link
 * BackstopPlanner}) to the app's lane, like a push. Apps whose lane is busy wait for the next poll;
 * so do apps whose registry is not known (no {@code registry.url}, no host in the pattern) and
 * patterns with a glob in the repository, which are not polled.
 */
public final class Backstop {
  private static final Logger LOG = LoggerFactory.getLogger(Backstop.class);

  private final MarathonClient marathon;
  private final RegistryClient registry;
  private final Autodeployer autodeployer;

  public Backstop(MarathonClient marathon, RegistryClient registry, Autodeployer autodeployer) {
    this.marathon = marathon;
    this.registry = registry;
    this.autodeployer = autodeployer;
  }

  /** One poll over every watched app, one app at a time to keep the registry's load flat. */
  public Future<Void> poll() {
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
                              pollApp(w, app)
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
              return chain;
            });
  }

  private Future<Void> pollApp(WatchedApp w, MarathonApp app) {
    ImagePattern p = w.policy().pattern();
    String base = registry.base(p.host());
    if (base.isEmpty() || !p.exactRepository() || autodeployer.busy(w.appId())) {
      return Future.succeededFuture();
    }
    String host = p.hasHost() ? p.host() : registry.hostOf(base);
    return registry
        .tags(base, p.repository())
        .compose(
            tags -> {
              List<Future<TagState>> states = new ArrayList<>();
              for (String tag : tags) {
                if (p.matches(host, p.repository(), tag)) {
                  states.add(tagState(base, host, p.repository(), tag));
                }
              }
              return Future.all(states).map(all -> all.<TagState>list());
            })
        .compose(
            states -> {
              var choice = BackstopPlanner.choose(states, app);
              if (choice.isEmpty()) {
                return Future.succeededFuture();
              }
              TagState t = choice.get().tag();
              LOG.info(
                  "app={} backstop: {} changed without a notification; newest of {} by image created time",
                  w.appId(),
                  t.reference(),
                  choice.get().candidates());
              ImagePush push =
                  new ImagePush(
                      "backstop:" + p.repository() + ":" + t.tag() + ":" + t.digest(),
                      "backstop: notification missed; newest of "
                          + choice.get().candidates()
                          + " changed tags by image created time",
                      host,
                      p.repository(),
                      t.tag(),
                      t.digest(),
                      t.created());
              return autodeployer.deliver(w, push);
            });
  }

  private Future<TagState> tagState(String base, String host, String repository, String tag) {
    String reference = host + "/" + repository + ":" + tag;
    return registry
        .digest(base, repository, tag)
        .compose(
            d ->
                d.isEmpty()
                    ? Future.succeededFuture(new TagState(reference, tag, "", null))
                    : registry
                        .created(base, repository, d.get())
                        .map(c -> new TagState(reference, tag, d.get(), c.orElse(null))));
  }
}

package dev.pacer.common.ha;

import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseBook;
import dev.pacer.common.events.types.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pauses of an HA Pacer, one znode per scope under {@code <pacer.ha.path>/pauses} holding the
 * pause as JSON. Every replica follows them with a {@link CuratorCache} into its {@link PauseBook},
 * so a pause set through any replica holds the leader at once. An end (resume, expiry) deletes the
 * znode only if it still holds the pause being ended, by version, so a late end never lifts a newer
 * pause.
 */
public final class ZooKeeperPauses {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperPauses.class);

  private final CuratorFramework client;
  private final String root;
  private CuratorCache cache;

  public ZooKeeperPauses(CuratorFramework client, String haPath) {
    this.client = client;
    this.root = haPath + "/pauses";
  }

  public String root() {
    return root;
  }

  private String node(String scope) {
    return root + "/" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
  }

  /** Reads every pause into {@code book}, then keeps it following ZooKeeper. */
  public Future<Void> start(Vertx vertx, PauseBook book) {
    Promise<Void> loaded = Promise.promise();
    return vertx
        .executeBlocking(
            () -> {
              client.createContainers(root);
              cache = CuratorCache.build(client, root);
              cache
                  .listenable()
                  .addListener(
                      CuratorCacheListener.builder()
                          .forCreatesAndChanges((old, now) -> apply(book, EventTypes.PAUSED, now))
                          .forDeletes(old -> apply(book, EventTypes.RESUMED, old))
                          .forInitialized(loaded::tryComplete)
                          .build());
              cache.start();
              return null;
            })
        .compose(v -> loaded.future());
  }

  private void apply(PauseBook book, String type, ChildData node) {
    if (node.getPath().equals(root)) {
      return;
    }
    try {
      book.apply(type, parse(node.getData()));
    } catch (RuntimeException e) {
      LOG.warn("pause znode {} ignored: {}", node.getPath(), e.getMessage());
    }
  }

  private static Pause parse(byte[] data) {
    return Pause.fromMap(new JsonObject(new String(data, StandardCharsets.UTF_8)).getMap());
  }

  /** Records a pause: its scope's znode now holds it. */
  public Future<Void> put(Vertx vertx, Pause p) {
    byte[] data = new JsonObject(p.toMap()).encode().getBytes(StandardCharsets.UTF_8);
    return vertx.executeBlocking(
        () -> {
          client
              .create()
              .orSetData()
              .creatingParentContainersIfNeeded()
              .forPath(node(p.scope()), data);
          return null;
        });
  }

  /**
   * Ends {@code p}: deletes its scope's znode if it still holds {@code p}. Succeeds with false when
   * it holds another pause, or none (someone else ended it first).
   */
  public Future<Boolean> end(Vertx vertx, Pause p) {
    return vertx.executeBlocking(
        () -> {
          String path = node(p.scope());
          Stat stat = new Stat();
          try {
            Pause stored = parse(client.getData().storingStatIn(stat).forPath(path));
            if (!stored.at().equals(p.at())) {
              return false;
            }
            client.delete().withVersion(stat.getVersion()).forPath(path);
            return true;
          } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
            return false;
          }
        });
  }

  public void close() {
    if (cache != null) {
      cache.close();
    }
  }
}

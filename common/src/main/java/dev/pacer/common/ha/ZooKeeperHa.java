package dev.pacer.common.ha;

import dev.pacer.common.config.PacerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election with Apache Curator's {@link LeaderLatch} under {@code <pacer.ha.path>/leader}.
 * Curator's default error policy drops leadership as soon as the connection is SUSPENDED, before
 * the session is even lost; {@link #isLeader()} also asks the client whether it is connected, so a
 * replica cut off from ZooKeeper stops acting at once. A replica killed outright is replaced when
 * its session expires ({@code pacer.ha.session-timeout}). A clean stop closes the latch first, so
 * the next replica takes over at once.
 */
public final class ZooKeeperHa implements Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperHa.class);

  private final PacerConfig.Ha config;
  private final CuratorFramework client;
  private final LeaderLatch latch;
  private final Clock clock;
  private final AtomicLong elections = new AtomicLong();
  private volatile Instant since;
  private volatile String connection = "never connected";
  private final java.util.List<Runnable> onElected =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public ZooKeeperHa(PacerConfig.Ha config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.client =
        CuratorFrameworkFactory.builder()
            .connectString(config.zookeeper())
            .sessionTimeoutMs((int) config.sessionTimeout().toMillis())
            .connectionTimeoutMs((int) config.connectionTimeout().toMillis())
            .retryPolicy(new ExponentialBackoffRetry(250, 29, 5000))
            .build();
    this.latch =
        new LeaderLatch(
            client, config.path() + "/leader", config.id(), LeaderLatch.CloseMode.SILENT);
    latch.addListener(
        new LeaderLatchListener() {
          @Override
          public void isLeader() {
            elections.incrementAndGet();
            since = clock.instant();
            LOG.info("ha: {} is now the leader", config.id());
            onElected.forEach(Runnable::run);
          }

          @Override
          public void notLeader() {
            since = clock.instant();
            LOG.warn("ha: {} is no longer the leader; it stops acting", config.id());
          }
        });
    client
        .getConnectionStateListenable()
        .addListener(
            (c, state) -> {
              connection = state.name().toLowerCase(java.util.Locale.ROOT);
              if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
                LOG.warn("ha: ZooKeeper connection {}: not acting until it is back", connection);
              } else {
                LOG.info("ha: ZooKeeper connection {}", connection);
              }
            });
  }

  /** Runs {@code r} (on Curator's thread) each time this replica is elected. */
  public void onElected(Runnable r) {
    onElected.add(r);
  }

  /** The Curator client, for the pauses kept in ZooKeeper. */
  public CuratorFramework client() {
    return client;
  }

  /** Connects (failing after {@code connection-timeout}) and joins the election. */
  public Future<Void> start(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          client.start();
          long ms = config.connectionTimeout().toMillis();
          if (!client.blockUntilConnected((int) ms, TimeUnit.MILLISECONDS)) {
            client.close();
            throw new IllegalStateException(
                "cannot reach ZooKeeper at "
                    + config.zookeeper()
                    + " within "
                    + ms
                    + " ms (pacer.ha.zookeeper, pacer.ha.connection-timeout)");
          }
          latch.start();
          LOG.info(
              "ha: {} joined the election at {}{}/leader",
              config.id(),
              config.zookeeper(),
              config.path());
          return null;
        });
  }

  public void registerMetrics(MeterRegistry registry) {
    Gauge.builder("pacer.ha.leader", this, h -> h.isLeader() ? 1 : 0)
        .description("1 while this replica is the leader and may act")
        .register(registry);
  }

  @Override
  public boolean isLeader() {
    return latch.hasLeadership() && client.getZookeeperClient().isConnected();
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("mode", "zookeeper");
    s.put("id", config.id());
    s.put("leader", isLeader());
    s.put("zookeeper", config.zookeeper());
    s.put("path", config.path());
    s.put("connection", connection);
    s.put("times-elected", elections.get());
    if (since != null) {
      s.put("role-since", since.toString());
    }
    return s;
  }

  /** Leaves the election (another replica takes over at once), then closes the client. */
  public Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          try {
            latch.close();
          } catch (java.io.IOException | IllegalStateException e) {
            LOG.debug("ha: latch close: {}", e.toString());
          }
          client.close();
          return null;
        });
  }
}

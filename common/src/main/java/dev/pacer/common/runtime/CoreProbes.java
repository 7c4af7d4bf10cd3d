package dev.pacer.common.runtime;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.marathon.MarathonProbes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The probes of what every Pacer process needs: Marathon and its event stream, Kafka's metadata on
 * the Kafka backbone, ZooKeeper with HA. Each daemon adds its own ({@link DaemonModule#probes}).
 */
public final class CoreProbes {
  private CoreProbes() {}

  public static List<Probe> of(Vertx vertx, PacerConfig config, boolean eventStream) {
    List<Probe> probes =
        new ArrayList<>(
            MarathonProbes.of(
                vertx, config.marathon(), eventStream && config.marathon().eventsEnabled()));
    if (config.events().backend() == PacerConfig.Backend.KAFKA) {
      probes.add(kafka(vertx, config.kafka()));
    }
    if (config.ha().enabled()) {
      probes.add(zookeeper(vertx, config.ha()));
    }
    return probes;
  }

  /** The brokers' metadata (DescribeCluster): no topic is created, nothing is written. */
  static Probe kafka(Vertx vertx, PacerConfig.Kafka kafka) {
    return Probes.of(
        "kafka",
        "Kafka " + kafka.bootstrapServers() + " (cluster metadata)",
        false,
        () ->
            vertx.executeBlocking(
                () -> {
                  Properties p = new Properties();
                  p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                  p.putAll(kafka.properties());
                  p.put(AdminClientConfig.CLIENT_ID_CONFIG, "pacer-check");
                  int timeout = (int) Probes.TIMEOUT.toMillis();
                  p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
                  p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
                  p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
                  try (Admin admin = Admin.create(p)) {
                    var cluster =
                        admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeout));
                    int brokers =
                        cluster.nodes().get(timeout + 1000L, TimeUnit.MILLISECONDS).size();
                    return "cluster "
                        + cluster.clusterId().get(timeout + 1000L, TimeUnit.MILLISECONDS)
                        + ", "
                        + brokers
                        + (brokers == 1 ? " broker" : " brokers");
                  } catch (java.util.concurrent.ExecutionException e) {
                    throw new Probes.Failure(Probes.why(e.getCause()), e.getCause());
                  } catch (java.util.concurrent.TimeoutException e) {
                    throw new Probes.Failure(
                        "no broker answered within " + Probes.TIMEOUT.toSeconds() + " s", e);
                  }
                },
                false),
        () -> {});
  }

  /** A session, and whether {@code pacer.ha.path} exists: nothing is created. */
  static Probe zookeeper(Vertx vertx, PacerConfig.Ha ha) {
    return Probes.of(
        "zookeeper",
        "ZooKeeper " + ha.zookeeper() + " (" + ha.path() + ")",
        false,
        () ->
            vertx.executeBlocking(
                () -> {
                  int timeout = (int) Probes.TIMEOUT.toMillis();
                  try (CuratorFramework zk =
                      CuratorFrameworkFactory.builder()
                          .connectString(ha.zookeeper())
                          .sessionTimeoutMs(Math.max(timeout * 2, 6000))
                          .connectionTimeoutMs(timeout)
                          .retryPolicy(new RetryOneTime(100))
                          .build()) {
                    zk.start();
                    if (!zk.blockUntilConnected(timeout, TimeUnit.MILLISECONDS)) {
                      throw new Probes.Failure(
                          "no session within " + Probes.TIMEOUT.toSeconds() + " s (timed out)",
                          null);
                    }
                    boolean exists = zk.checkExists().forPath(ha.path()) != null;
                    return "session open; "
                        + ha.path()
                        + (exists ? " exists" : " does not exist yet (the first start makes it)");
                  }
                },
                false),
        () -> {});
  }

  /** Runs every probe at once; each result (detail or failure) in the probes' order. */
  public static Future<List<Result>> runAll(List<Probe> probes) {
    List<Future<Result>> all = new ArrayList<>();
    for (Probe p : probes) {
      long t0 = System.nanoTime();
      all.add(
          p.run()
              .timeout(Probes.TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS)
              .transform(
                  ar ->
                      Future.succeededFuture(
                          new Result(
                              p,
                              ar.succeeded(),
                              ar.succeeded() ? ar.result() : Probes.why(ar.cause()),
                              (System.nanoTime() - t0) / 1_000_000))));
    }
    return Future.join(all).map(cf -> all.stream().map(Future::result).toList());
  }

  /** One probe's outcome: up or not, what it found or why not, in how many ms. */
  public record Result(Probe probe, boolean ok, String detail, long millis) {}
}

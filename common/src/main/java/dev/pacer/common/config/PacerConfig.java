package dev.pacer.common.config;

import com.typesafe.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The settings every Pacer process shares, read and validated once at start. */
public record PacerConfig(
    Marathon marathon,
    Events events,
    Kafka kafka,
    Http http,
    Secret adminToken,
    Duration maxPause,
    Path stateDir,
    Logging logging,
    Duration shutdownStepTimeout,
    Ha ha,
    GraphiteReporter graphite,
    Mesos mesos,
    Journal journal,
    Config raw) {

  /** {@code pacer.journal}: the decision journal's bounds. */
  public record Journal(int perSubject, Duration retention, long maxFileSize) {}

  /**
   * {@code pacer.mesos}: the Mesos masters (the leader is found through {@code /redirect}), shared
   * by the agent-scaler and the collector. {@code pacer.agent-scaler.mesos.*} is its deprecated
   * alias ({@link ConfigLoader#DEPRECATED}).
   */
  public record Mesos(List<URI> urls, Duration timeout) {}

  public record Marathon(
      List<URI> urls,
      String username,
      Secret password,
      Secret token,
      Path caFile,
      Duration connectTimeout,
      Duration requestTimeout,
      int retries,
      Duration retryBackoff,
      Duration retryBackoffMax,
      boolean eventsEnabled,
      Duration eventsIdleTimeout,
      Duration reconnectBackoff,
      Duration reconnectBackoffMax) {}

  public enum Backend {
    LOCAL,
    KAFKA
  }

  public record Events(
      Backend backend,
      String source,
      int localCapacity,
      int maxInFlight,
      Duration redeliveryBackoff,
      Duration redeliveryBackoffMax) {}

  public record Kafka(
      String bootstrapServers,
      String clientId,
      String groupPrefix,
      String topicPrefix,
      boolean createTopics,
      int topicPartitions,
      short replicationFactor,
      Duration deliveryTimeout,
      Map<String, String> properties) {}

  /** The one HTTP server; {@code ui}: the read-only status page at {@code /}. */
  public record Http(String host, int port, boolean ui) {}

  public record Logging(String format, String level) {}

  /** {@code zookeeper} empty: no HA. */
  public record Ha(
      String zookeeper,
      String path,
      Duration sessionTimeout,
      Duration connectionTimeout,
      String id) {
    public boolean enabled() {
      return !zookeeper.isEmpty();
    }
  }

  public record GraphiteReporter(
      boolean enabled, String host, int port, String prefix, Duration step) {}

  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration HOUR = Duration.ofHours(1);

  /** Reads the shared settings; problems are collected in {@code r}, not thrown. */
  public static PacerConfig read(ConfigReader r) {
    Marathon marathon =
        new Marathon(
            r.httpUrls("pacer.marathon.urls"),
            r.string("pacer.marathon.username"),
            r.secret("pacer.marathon.password"),
            r.secret("pacer.marathon.token"),
            r.path("pacer.marathon.ca-file"),
            r.durationIn("pacer.marathon.connect-timeout", MS, Duration.ofMinutes(5)),
            r.durationIn("pacer.marathon.request-timeout", MS, Duration.ofMinutes(10)),
            r.intIn("pacer.marathon.retries", 0, 100),
            r.durationIn("pacer.marathon.retry-backoff", Duration.ZERO, HOUR),
            r.durationIn("pacer.marathon.retry-backoff-max", Duration.ZERO, HOUR),
            r.bool("pacer.marathon.events.enabled"),
            r.durationIn("pacer.marathon.events.idle-timeout", MS, HOUR),
            r.durationIn("pacer.marathon.events.reconnect-backoff", MS, HOUR),
            r.durationIn("pacer.marathon.events.reconnect-backoff-max", MS, HOUR));
    if (!marathon.username().isEmpty() && !marathon.password().isPresent()) {
      r.problem("pacer.marathon.password", "required when pacer.marathon.username is set");
    }
    if (marathon.caFile() != null && !marathon.caFile().toFile().isFile()) {
      r.problem(
          "pacer.marathon.ca-file",
          "expected a readable PEM file, got '" + marathon.caFile() + "'");
    }
    Events events =
        new Events(
            Backend.valueOf(r.oneOf("pacer.events.backend", "local", "kafka").toUpperCase()),
            nonEmpty(r, "pacer.events.source"),
            r.intIn("pacer.events.local-capacity", 1, 10_000_000),
            r.intIn("pacer.events.max-in-flight", 1, 10_000),
            r.durationIn("pacer.events.redelivery-backoff", MS, HOUR),
            r.durationIn("pacer.events.redelivery-backoff-max", MS, HOUR));
    Kafka kafka =
        new Kafka(
            r.string("pacer.kafka.bootstrap-servers").strip(),
            nonEmpty(r, "pacer.kafka.client-id"),
            nonEmpty(r, "pacer.kafka.group-prefix"),
            r.string("pacer.kafka.topic-prefix").strip(),
            r.bool("pacer.kafka.create-topics"),
            r.intIn("pacer.kafka.topic-partitions", 1, 10_000),
            (short) r.intIn("pacer.kafka.replication-factor", 1, 32),
            r.durationIn("pacer.kafka.delivery-timeout", Duration.ofSeconds(1), HOUR),
            r.stringMap("pacer.kafka.properties"));
    if (events.backend() == Backend.KAFKA && kafka.bootstrapServers().isEmpty()) {
      r.problem(
          "pacer.kafka.bootstrap-servers",
          "required when pacer.events.backend = kafka; expected host:port[,host:port...]");
    }
    Http http =
        new Http(
            nonEmpty(r, "pacer.http.host"),
            r.intIn("pacer.http.port", 0, 65535),
            r.bool("pacer.http.ui.enabled"));
    Logging logging =
        new Logging(
            r.oneOf("pacer.logging.format", "text", "json"),
            r.oneOf("pacer.logging.level", "TRACE", "DEBUG", "INFO", "WARN", "ERROR"));
    Path stateDir = r.path("pacer.state-dir");
    if (stateDir == null) {
      r.problem("pacer.state-dir", "expected a directory path, got an empty string");
    }
    Ha ha =
        new Ha(
            r.string("pacer.ha.zookeeper").strip(),
            r.string("pacer.ha.path").strip(),
            r.durationIn("pacer.ha.session-timeout", Duration.ofSeconds(1), Duration.ofMinutes(10)),
            r.durationIn("pacer.ha.connection-timeout", MS, Duration.ofMinutes(10)),
            instanceId(r.string("pacer.ha.id").strip()));
    if (!ha.path().startsWith("/") || ha.path().length() < 2 || ha.path().endsWith("/")) {
      r.problem(
          "pacer.ha.path", "expected an absolute znode path like /pacer, got '" + ha.path() + "'");
    }
    GraphiteReporter graphite =
        new GraphiteReporter(
            r.bool("pacer.metrics.graphite.enabled"),
            r.string("pacer.metrics.graphite.host").strip(),
            r.intIn("pacer.metrics.graphite.port", 1, 65535),
            r.string("pacer.metrics.graphite.prefix").strip(),
            r.durationIn("pacer.metrics.graphite.step", Duration.ofSeconds(1), HOUR));
    if (graphite.enabled() && graphite.host().isEmpty()) {
      r.problem(
          "pacer.metrics.graphite.host", "required when pacer.metrics.graphite.enabled = true");
    }
    if (!graphite.prefix().matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
      r.problem(
          "pacer.metrics.graphite.prefix",
          "expected dot-separated words of letters, digits, _ or -, got '"
              + graphite.prefix()
              + "'");
    }
    return new PacerConfig(
        marathon,
        events,
        kafka,
        http,
        r.secret("pacer.admin.token"),
        r.durationIn("pacer.admin.max-pause", Duration.ofMinutes(1), Duration.ofDays(365)),
        stateDir,
        logging,
        r.durationIn("pacer.shutdown.step-timeout", MS, Duration.ofMinutes(5)),
        ha,
        graphite,
        new Mesos(
            r.httpUrls("pacer.mesos.urls"),
            r.durationIn("pacer.mesos.timeout", Duration.ofMillis(100), Duration.ofMinutes(10))),
        new Journal(
            r.intIn("pacer.journal.per-subject", 1, 100_000),
            r.durationIn("pacer.journal.retention", Duration.ofMinutes(1), Duration.ofDays(365)),
            r.bytesIn("pacer.journal.max-file-size", 1024, 64L * 1024 * 1024 * 1024)),
        r.config());
  }

  /** The name given, else {@code <hostname>-<pid>}. */
  private static String instanceId(String given) {
    if (!given.isEmpty()) {
      return given;
    }
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "pacer";
      }
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  private static String nonEmpty(ConfigReader r, String path) {
    String s = r.string(path);
    if (s.isBlank()) {
      r.problem(path, "expected a non-empty string");
    }
    return s;
  }
}

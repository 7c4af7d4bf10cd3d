package dev.pacer.collector;

import dev.pacer.common.config.ConfigReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The typed {@code pacer.collector} block, and the Mesos masters of {@code pacer.mesos}. */
public record CollectorConfig(
    boolean enabled,
    Duration interval,
    int parallelism,
    Duration agentTimeout,
    double maxMissing,
    String carbonHost,
    int carbonPort,
    int buffer,
    String prefix,
    String poolPrefix,
    String poolAttribute,
    String frameworkName,
    List<URI> mesosUrls,
    Duration mesosTimeout) {

  private static final String PATH = "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*";

  public static CollectorConfig read(ConfigReader r) {
    String p = "pacer.collector.";
    String carbon = r.string(p + "carbon").strip();
    String host = "";
    int port = 0;
    int colon = carbon.lastIndexOf(':');
    try {
      host = carbon.substring(0, colon);
      port = Integer.parseInt(carbon.substring(colon + 1));
    } catch (RuntimeException e) {
      port = 0;
    }
    if (host.isBlank() || port < 1 || port > 65535) {
      r.problem(
          p + "carbon", "expected host:port (carbon's plaintext receiver), got '" + carbon + "'");
    }
    String prefix = r.string(p + "prefix").strip();
    String poolPrefix = r.string(p + "pool-prefix").strip();
    for (String[] k : new String[][] {{"prefix", prefix}, {"pool-prefix", poolPrefix}}) {
      if (!k[1].matches(PATH)) {
        r.problem(
            p + k[0],
            "expected dot-separated words of letters, digits, _ or -, got '" + k[1] + "'");
      }
    }
    return new CollectorConfig(
        r.bool(p + "enabled"),
        r.durationIn(p + "interval", Duration.ofSeconds(1), Duration.ofHours(1)),
        r.intIn(p + "parallelism", 1, 1024),
        r.durationIn(p + "agent-timeout", Duration.ofMillis(100), Duration.ofMinutes(1)),
        r.doubleIn(p + "max-missing", 0, 1),
        host,
        port,
        r.intIn(p + "buffer", 1, 10_000_000),
        prefix,
        poolPrefix,
        r.string(p + "pool-attribute").strip(),
        r.string(p + "framework-name").strip(),
        // pacer.mesos, shared with the agent-scaler
        r.httpUrls("pacer.mesos.urls"),
        r.durationIn("pacer.mesos.timeout", Duration.ofMillis(100), Duration.ofMinutes(10)));
  }
}

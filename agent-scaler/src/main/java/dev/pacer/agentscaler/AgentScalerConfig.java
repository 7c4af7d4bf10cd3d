package dev.pacer.agentscaler;

import dev.pacer.common.config.ConfigReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The typed {@code pacer.agent-scaler} block. */
public record AgentScalerConfig(
    boolean enabled,
    Duration interval,
    boolean dryRun,
    List<URI> mesosUrls,
    Duration mesosTimeout,
    String awsRegion,
    String awsEndpoint,
    String instanceIdAttribute,
    Duration registrationGrace,
    List<PoolConfig> pools) {

  public static AgentScalerConfig read(ConfigReader r) {
    String p = "pacer.agent-scaler.";
    List<PoolConfig> pools = new ArrayList<>();
    if (r.config().hasPath(p + "pools")) {
      for (String name : new java.util.TreeSet<>(r.config().getObject(p + "pools").keySet())) {
        pools.add(PoolConfig.read(r, name));
      }
    }
    String endpoint = r.string(p + "aws.endpoint").strip();
    if (!endpoint.isEmpty()
        && !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
      r.problem(p + "aws.endpoint", "expected an http(s) URL or \"\", got '" + endpoint + "'");
    }
    return new AgentScalerConfig(
        r.bool(p + "enabled"),
        r.durationIn(p + "interval", Duration.ofMillis(100), Duration.ofDays(1)),
        r.bool(p + "dry-run"),
        // pacer.mesos, shared with the collector (pacer.agent-scaler.mesos is its former name)
        r.httpUrls("pacer.mesos.urls"),
        r.durationIn("pacer.mesos.timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
        r.string(p + "aws.region").strip(),
        endpoint,
        r.string(p + "instance-id-attribute").strip(),
        r.durationIn(p + "registration-grace", Duration.ZERO, Duration.ofHours(6)),
        List.copyOf(pools));
  }
}

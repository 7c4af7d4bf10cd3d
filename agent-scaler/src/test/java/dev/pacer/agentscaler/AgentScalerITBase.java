package dev.pacer.agentscaler;

import static dev.pacer.testkit.Await.result;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.aws.AutoScalingSimulator;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import dev.pacer.testsupport.PacerHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/**
 * The agent-scaler alone in a Pacer process against the Mesos master, Marathon and AWS Auto Scaling
 * simulators, with a spy on {@code pacer.actions}. Instances become agents of {@code pool:scaling}
 * named {@code ip-10-0-1-N} when a test {@link #register}s them.
 */
abstract class AgentScalerITBase {
  static final Duration WAIT = Duration.ofSeconds(30);
  final Vertx vertx = Vertx.vertx();
  final MesosMasterSimulator mesos = result(MesosMasterSimulator.start(vertx));
  final AutoScalingSimulator aws = result(AutoScalingSimulator.start(vertx));
  final MarathonSimulator marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
  final List<PacerEvent> actions = new CopyOnWriteArrayList<>();
  PacerHarness pacer;
  int host;

  @AfterEach
  void close() {
    if (pacer != null) {
      pacer.close();
    }
    result(vertx.close());
  }

  /** The instance boots: its agent registers with 8 cpus, 32 GB, pool:scaling, its instance_id. */
  String register(AutoScalingSimulator.Instance i) {
    String name = "ip-10-0-1-" + ++host;
    mesos.addAgent(
        name,
        "10.0.1." + host,
        Map.of("pool", "scaling", "instance_id", i.id()),
        8,
        32_000,
        100_000);
    return name;
  }

  /** Starts Pacer's agent-scaler (a cycle every 200 ms) with these pools and settings. */
  void startPacer(String pools, Map<String, String> extra) {
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret");
    Map<String, String> o = new HashMap<>();
    o.put("pacer.marathon.events.enabled", "false");
    o.put("pacer.mesos.urls", "[\"" + mesos.url() + "\"]");
    o.put("pacer.agent-scaler.aws.endpoint", aws.url());
    o.put("pacer.agent-scaler.interval", "200ms");
    o.put("pacer.agent-scaler.pools", pools);
    o.putAll(extra);
    pacer = PacerHarness.start(marathon.url(), o, List.of(new AgentScalerMain()), actions);
  }

  /** A pool's part of {@code /status}. */
  JsonObject pool(String name) throws Exception {
    return pacer.status().getJsonObject("agent-scaler").getJsonObject("pools").getJsonObject(name);
  }
}

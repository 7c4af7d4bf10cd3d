package dev.pacer.autodeployer;

import dev.pacer.testkit.servers.KafkaBroker;
import java.util.Map;

/** The autodeployer end to end on the Kafka backbone (a real broker, shared by the suite). */
class AutodeployerKafkaIT extends AutodeployerITBase {
  @Override
  Map<String, String> backend() {
    return Map.of(
        "pacer.events.backend",
        "kafka",
        "pacer.kafka.bootstrap-servers",
        KafkaBroker.shared().bootstrapServers(),
        "pacer.kafka.topic-partitions",
        "2");
  }
}

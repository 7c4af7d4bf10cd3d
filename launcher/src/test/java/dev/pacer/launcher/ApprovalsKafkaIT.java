package dev.pacer.launcher;

import dev.pacer.testkit.servers.KafkaBroker;
import java.util.Map;

/** Approvals on the Kafka backbone: the compacted control topic keeps them. */
class ApprovalsKafkaIT extends ApprovalsITBase {
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

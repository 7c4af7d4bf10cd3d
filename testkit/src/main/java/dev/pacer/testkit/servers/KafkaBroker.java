package dev.pacer.testkit.servers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka 4.3.1 KRaft broker in this JVM, on free loopback ports and a temp log dir. Start
 * takes seconds, so a test suite shares {@link #shared()}: one broker per JVM, stopped at exit.
 * Needs {@code org.apache.kafka:kafka_2.13} on the test classpath.
 */
public final class KafkaBroker implements AutoCloseable {
  private static KafkaBroker shared;

  private final KafkaRaftServer server;
  private final String bootstrap;
  private final Path dir;

  private KafkaBroker(KafkaRaftServer server, String bootstrap, Path dir) {
    this.server = server;
    this.bootstrap = bootstrap;
    this.dir = dir;
  }

  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      shared = start();
      KafkaBroker b = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(b::close));
    }
    return shared;
  }

  public static KafkaBroker start() {
    try {
      Path dir = Files.createTempDirectory("pacer-kafka");
      int port = Ports.free();
      int controller = Ports.free();
      Properties p = new Properties();
      p.put("process.roles", "broker,controller");
      p.put("node.id", "1");
      p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controller);
      p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      p.put("controller.listener.names", "CONTROLLER");
      p.put("inter.broker.listener.name", "PLAINTEXT");
      p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
      p.put("log.dirs", dir.resolve("data").toString());
      p.put("num.partitions", "1");
      p.put("offsets.topic.num.partitions", "1");
      p.put("offsets.topic.replication.factor", "1");
      p.put("transaction.state.log.replication.factor", "1");
      p.put("transaction.state.log.min.isr", "1");
      p.put("share.coordinator.state.topic.replication.factor", "1");
      p.put("share.coordinator.state.topic.min.isr", "1");
      p.put("group.initial.rebalance.delay.ms", "0");
      p.put("auto.create.topics.enable", "false");
      Path cfg = dir.resolve("server.properties");
      try (var out = Files.newBufferedWriter(cfg)) {
        p.store(out, "pacer test broker");
      }
      ByteArrayOutputStream formatOut = new ByteArrayOutputStream();
      int rc =
          StorageTool.execute(
              new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString(), "--standalone"
              },
              new PrintStream(formatOut, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IllegalStateException("kafka storage format failed: " + formatOut);
      }
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
      server.startup();
      return new KafkaBroker(server, "127.0.0.1:" + port, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker", e);
    }
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    TempDirs.delete(dir);
  }
}

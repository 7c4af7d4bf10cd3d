package dev.pacer.common.bench;

import dev.pacer.common.events.EventCodec;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.DeployEvent;
import dev.pacer.common.events.types.DeployStarted;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.marathon.MarathonEvents;
import dev.pacer.common.marathon.SseParser;
import dev.pacer.testkit.Contracts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Per-event costs on the hot paths: the CloudEvents codec and the Marathon SSE parse + decode. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {
  private final PacerEvent event =
      new PacerEvent(
          "6f1c",
          "pacer/autodeployer",
          "pacer.deploy.succeeded",
          "/acme/web",
          Instant.parse("2026-11-22T10:00:00Z"),
          Map.of(
              "image",
              "registry.example.com/acme/web:master-1a2b3c",
              "digest",
              "sha256:0123456789abcdef",
              "instances",
              3,
              "labels",
              Map.of("autodeploy", "acme/web:master*")));
  private final byte[] encoded = EventCodec.encode(event);

  /** A typed deploy event, every field set, and its envelope as a consumer gets it. */
  private final DeployStarted started =
      new DeployStarted(
          new DeployEvent.Facts(
              "registry.example.com/acme/web:master-1a2b3c",
              "registry.example.com/acme/web:master-0",
              "5ed4c0c5-9ff8-4a6f-a0c5-1e6d9bd2b1e3",
              "ev-1",
              "sha256:0123456789abcdef",
              Instant.parse("2026-11-22T09:59:58Z"),
              "registry",
              "push"),
          false,
          "2026-11-22T09:00:00.000Z",
          "2026-11-22T10:00:00.000Z");

  private final PacerEvent startedEvent =
      EventCodec.decode(
          EventCodec.encode(
              EventTypes.event("pacer/autodeployer", "/acme/web", Instant.EPOCH, started)));

  /** The contract stream: 7 events and a heartbeat. */
  private final byte[] stream = Contracts.bytes("marathon/events_stream.derived-crlf.txt");

  @Benchmark
  public byte[] encodeEvent() {
    return EventCodec.encode(event);
  }

  @Benchmark
  public PacerEvent decodeEvent() {
    return EventCodec.decode(encoded);
  }

  /** A producer's record into its envelope (the codec's half of a publish). */
  @Benchmark
  public PacerEvent typedEvent() {
    return EventTypes.event("pacer/autodeployer", "/acme/web", Instant.EPOCH, started);
  }

  /** A consumer's read of an envelope into its record. */
  @Benchmark
  public Object typedRead() {
    return EventTypes.read(startedEvent);
  }

  /** Parses and decodes the 7-event contract stream; divide by 7 for one event. */
  @Benchmark
  public void parseAndDecodeMarathonStream(Blackhole bh) {
    List<SseParser.SseEvent> events = new SseParser().feed(stream);
    for (SseParser.SseEvent e : events) {
      bh.consume(MarathonEvents.decode(e));
    }
  }
}

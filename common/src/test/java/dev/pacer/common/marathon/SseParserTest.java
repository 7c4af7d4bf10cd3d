package dev.pacer.common.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.Contracts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private static List<SseParser.SseEvent> parse(byte[] bytes) {
    return new SseParser().feed(bytes);
  }

  @Test
  void parsesTheByteExactCrlfStreamWithItsBareCrlfHeartbeat() {
    SseParser p = new SseParser();
    List<SseParser.SseEvent> events =
        p.feed(Contracts.bytes("marathon/events_stream.derived-crlf.txt"));
    assertThat(events)
        .extracting(SseParser.SseEvent::event)
        .containsExactly(
            "event_stream_attached",
            "api_post_event",
            "group_change_success",
            "deployment_info",
            "status_update_event",
            "instance_changed_event",
            "deployment_success");
    assertThat(events.get(0).data()).startsWith("{\"remoteAddress\":\"172.18.0.1\"");
    assertThat(p.heartbeats()).isEqualTo(1);
  }

  @Test
  void parsesTheSingleEventCapture() {
    assertThat(parse(Contracts.bytes("marathon/events_stream_capture_single.txt")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event()).isEqualTo("event_stream_attached");
              assertThat(e.data()).contains("\"eventType\":\"event_stream_attached\"");
            });
  }

  @Test
  void parsesTheDocsStreamWithLfLineEnds() {
    List<SseParser.SseEvent> events = parse(Contracts.bytes("marathon/events_stream_docs.txt"));
    assertThat(events)
        .extracting(SseParser.SseEvent::event)
        .containsExactly("event_stream_attached", "status_update_event", "status_update_event");
    assertThat(events.get(2).data()).contains("\"taskStatus\":\"TASK_RUNNING\"");
  }

  @Test
  void dataOnlyEventsHaveNoNameAndMultipleDataLinesJoin() {
    List<SseParser.SseEvent> events =
        parse(
            "data: a\r\ndata: b\r\n\r\n: comment\r\nevent: x\rdata: y\r\r"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(events)
        .containsExactly(new SseParser.SseEvent(null, "a\nb"), new SseParser.SseEvent("x", "y"));
  }

  @Test
  void aCrlfSplitAcrossChunksWithAnEmptyChunkBetweenIsOneLineEnd() {
    SseParser p = new SseParser();
    List<SseParser.SseEvent> events = new ArrayList<>();
    for (String piece : List.of("event: x\r", "", "\ndata: y\r", "\n\r", "", "\n")) {
      events.addAll(p.feed(piece.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(events).containsExactly(new SseParser.SseEvent("x", "y"));
    assertThat(p.heartbeats()).isZero();
  }

  @Property
  void anySplitOfTheStreamGivesTheSameEvents(
      @ForAll @IntRange(min = 1, max = 4000) int cut1,
      @ForAll @IntRange(min = 1, max = 4000) int cut2) {
    byte[] all =
        (new String(
                    Contracts.bytes("marathon/events_stream.derived-crlf.txt"),
                    StandardCharsets.UTF_8)
                + "event: é\r\ndata: {\"ü\":1}\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    int a = Math.min(cut1, all.length);
    int b = Math.min(Math.max(a, cut2), all.length);
    SseParser p = new SseParser();
    List<SseParser.SseEvent> events = new ArrayList<>();
    events.addAll(p.feed(all, 0, a));
    events.addAll(p.feed(all, a, b - a));
    events.addAll(p.feed(all, b, all.length - b));
    assertThat(events).isEqualTo(parse(all));
    assertThat(events).hasSize(8).last().isEqualTo(new SseParser.SseEvent("é", "{\"ü\":1}"));
  }
}

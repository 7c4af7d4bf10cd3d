package dev.pacer.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  private final PacerEvent event =
      new PacerEvent(
          "e-1",
          "pacer/autodeployer",
          "pacer.deploy.succeeded",
          "/acme/foo",
          Instant.parse("2026-11-22T10:15:30.123Z"),
          Map.of("image", "acme/foo:master-1", "instances", 3, "tags", List.of("a", "b")));

  @Test
  void roundTripsEveryAttributeAndTheData() {
    PacerEvent back = EventCodec.decode(EventCodec.encode(event));
    assertThat(back).isEqualTo(event);
  }

  @Test
  void writesTheCloudEventsStructuredForm() {
    String json = new String(EventCodec.encode(event), StandardCharsets.UTF_8);
    assertThat(json)
        .startsWith("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"pacer/autodeployer\"")
        .contains(
            "\"subject\":\"/acme/foo\"",
            "\"time\":\"2026-11-22T10:15:30.123Z\"",
            "\"datacontenttype\":\"application/json\"",
            "\"data\":{");
  }

  @Test
  void namesTheMissingAttribute() {
    byte[] noType =
        "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"time\":\"2026-01-01T00:00:00Z\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EventCodec.decode(noType))
        .isInstanceOf(EventCodec.EventDecodingException.class)
        .hasMessageContaining("type: required");
  }

  @Test
  void rejectsAnotherSpecVersionAndABadTime() {
    assertThatThrownBy(
            () -> EventCodec.decode("{\"specversion\":\"0.3\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("specversion: expected 1.0");
    byte[] badTime =
        "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"t\",\"time\":\"yesterday\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EventCodec.decode(badTime))
        .hasMessageContaining("time: expected an RFC 3339");
    assertThatThrownBy(() -> EventCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a JSON object");
  }
}

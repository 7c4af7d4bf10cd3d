package dev.pacer.common.marathon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.testkit.Contracts;
import org.junit.jupiter.api.Test;

class MarathonEventsTest {

  private static MarathonEvent decodeContract(String file) {
    String json = Contracts.text("marathon/events/" + file).strip();
    return MarathonEvents.decode(new SseParser.SseEvent(null, json));
  }

  @Test
  void findsTheAppOfEachKindOfEvent() {
    assertThat(decodeContract("status_update_event.capture-2018.json").appIds())
        .containsExactly("/asgard-dev/bla");
    assertThat(decodeContract("instance_changed_event.capture-2018.json").appIds())
        .containsExactly("/asgard-dev/bla");
    assertThat(decodeContract("api_post_event.capture-2018.json").appIds())
        .containsExactly("/asgard-dev/bla");
    assertThat(decodeContract("deployment_info.derived-light.json").appIds())
        .containsExactly("/blubtest");
    assertThat(decodeContract("deployment_success.derived-light.json").appIds())
        .containsExactly("/blubtest");
    assertThat(decodeContract("event_stream_attached.capture-2018.json").appIds()).isEmpty();
  }

  @Test
  void takesTheTypeFromTheEventLineOrElseFromEventType() {
    MarathonEvent e = decodeContract("deployment_failed_rejected_locked.derived-light.json");
    assertThat(e.eventType()).isEqualTo("deployment_failed");
    assertThat(e.payload()).containsKey("reason");
    assertThat(MarathonEvents.decode(new SseParser.SseEvent("custom", "{}")).eventType())
        .isEqualTo("custom");
  }

  @Test
  void rejectsDataThatIsNotAnEvent() {
    assertThatThrownBy(() -> MarathonEvents.decode(new SseParser.SseEvent(null, "not json")))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> MarathonEvents.decode(new SseParser.SseEvent(null, "{\"a\":1}")))
        .hasMessageContaining("without a type");
  }
}

package dev.pacer.common.events.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.common.events.EventCodec;
import dev.pacer.common.events.PacerEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventTypesTest {

  @Test
  void everyKnownTypeHasASample() {
    Set<String> sampled =
        EventSamples.full().stream().map(EventData::type).collect(Collectors.toSet());
    assertThat(sampled).containsAll(EventTypes.known());
  }

  @Test
  void everySampleComesBackEqualThroughTheWire() {
    List<EventData> all = new ArrayList<>(EventSamples.full());
    all.addAll(EventSamples.sparse());
    for (EventData d : all) {
      PacerEvent e = EventTypes.event("test", "/shop/web", EventSamples.AT, d);
      PacerEvent wire = EventCodec.decode(EventCodec.encode(e));
      assertThat(EventTypes.read(wire)).as(d.type()).isEqualTo(d);
    }
  }

  @Test
  void pacersOwnKeysAreKebabCaseAndValuelessFieldsAreLeftOut() {
    for (EventData d : EventSamples.full()) {
      if (d instanceof MarathonRelayed) {
        continue; // Marathon's JSON, verbatim
      }
      assertThat(keys(EventTypes.data(d)))
          .as(d.type())
          .allSatisfy(k -> assertThat(k).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"));
    }
    Map<String, Object> started = EventTypes.data(EventSamples.sparse().get(1));
    assertThat(started)
        .containsEntry("image", "shop/web:1")
        .containsEntry("forced", false)
        .doesNotContainKeys("previous-image", "deployment-id", "pushed-at", "version");
  }

  @Test
  void theWireFormOfAPushAndADrainIsTheDocumentedOne() {
    Map<String, Object> push = EventTypes.data(EventSamples.full().get(0));
    assertThat(push)
        .containsExactly(
            Map.entry("source", "registry"),
            Map.entry("host", "registry.acme.dev"),
            Map.entry("repository", "shop/web"),
            Map.entry("tag", "2.4.1"),
            Map.entry("digest", "sha256:" + "ab".repeat(32)),
            Map.entry("pushed-at", "2026-12-03T10:15:30.123Z"));
    Map<String, Object> drain =
        EventTypes.data(
            EventSamples.full().stream().filter(AgentDraining.class::isInstance).findFirst().get());
    assertThat(drain).containsEntry("hard-cap", "PT30M").containsEntry("instance-id", "i-1");
  }

  @Test
  void aPushWrittenBeforeTheKeysWereKebabCaseIsStillRead() {
    Map<String, Object> old = new LinkedHashMap<>();
    old.put("source", "registry");
    old.put("host", "");
    old.put("repository", "shop/web");
    old.put("tag", "2");
    old.put("digest", "sha256:1");
    old.put("pushedAt", "2026-12-03T10:15:30Z");
    RegistryPush p = (RegistryPush) EventTypes.read(EventTypes.REGISTRY_PUSH, old);
    assertThat(p.pushedAt()).hasToString("2026-12-03T10:15:30Z");
    assertThat(p.reference()).isEqualTo("shop/web:2");
  }

  @Test
  void aKnownTypeWithoutARequiredFieldIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                EventTypes.read(
                    EventTypes.REGISTRY_PUSH,
                    Map.of("repository", "shop/web", "pushed-at", "2026-12-03T10:15:30Z")))
        .isInstanceOf(EventTypes.InvalidEventData.class)
        .hasMessageContaining("pacer.registry.push")
        .hasMessageContaining("'tag'");
    assertThatThrownBy(
            () ->
                EventTypes.read(
                    EventTypes.PAUSED,
                    Map.of("scope", "global", "at", "yesterday", "until", "2026-12-03T10:15:30Z")))
        .isInstanceOf(EventTypes.InvalidEventData.class)
        .hasMessageContaining("pacer.control.paused")
        .hasMessageContaining("yesterday");
  }

  /** Consumers render what they read: a missing text that every event has reads as empty. */
  @Test
  void aDeployOrScaleEventWithoutItsTextsReadsThemAsEmptyNotNull() {
    DeployEvent failed = (DeployEvent) EventTypes.read(EventTypes.DEPLOY_FAILED, Map.of());
    assertThat(failed.image()).isEmpty();
    assertThat(failed.reason()).isEmpty();
    assertThat(failed.deploymentId()).isNull();
    ScaleEvent held =
        (ScaleEvent) EventTypes.read(EventTypes.SCALE_HELD, Map.of("instances", 2, "hold", "x"));
    assertThat(held.reason()).isEmpty();
    assertThat(held.value()).isNull();
  }

  @Test
  void anUnknownTypeIsPassedByAndAMarathonTypeIsRelayedVerbatim() {
    assertThat(EventTypes.read("pacer.future.thing", Map.of("x", 1)))
        .isEqualTo(new UnknownEvent("pacer.future.thing", Map.of("x", 1)));
    EventData m =
        EventTypes.read("pacer.marathon.app_terminated_event", Map.of("appId", "/shop/web"));
    assertThat(m)
        .isEqualTo(new MarathonRelayed("app_terminated_event", Map.of("appId", "/shop/web")));
    assertThat(m.type()).isEqualTo("pacer.marathon.app_terminated_event");
  }

  private static List<String> keys(Object tree) {
    List<String> out = new ArrayList<>();
    if (tree instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            out.add(String.valueOf(k));
            out.addAll(keys(v));
          });
    } else if (tree instanceof List<?> l) {
      l.forEach(v -> out.addAll(keys(v)));
    }
    return out;
  }
}

package dev.pacer.common.marathon;

import java.util.List;
import java.util.Map;

/**
 * One event from Marathon's stream. {@code appIds} are the apps it concerns (from {@code appId},
 * {@code runSpecId}, {@code appDefinition.id} or a deployment plan's actions); empty for events
 * such as {@code event_stream_attached}.
 */
public record MarathonEvent(String eventType, List<String> appIds, Map<String, Object> payload) {
  public MarathonEvent {
    appIds = List.copyOf(appIds);
  }
}

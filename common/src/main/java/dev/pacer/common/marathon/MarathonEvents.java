package dev.pacer.common.marathon;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns an SSE event into a {@link MarathonEvent}: its type and the apps it concerns. */
public final class MarathonEvents {
  private MarathonEvents() {}

  /**
   * @throws IllegalArgumentException when the data is not a JSON object or has no type
   */
  public static MarathonEvent decode(SseParser.SseEvent sse) {
    JsonObject json;
    try {
      json = new JsonObject(sse.data());
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(
          "Marathon event data is not a JSON object: " + MarathonJson.abbreviate(sse.data()));
    }
    String type =
        sse.event() != null && !sse.event().isBlank() ? sse.event() : json.getString("eventType");
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException(
          "Marathon event without a type: " + MarathonJson.abbreviate(sse.data()));
    }
    return new MarathonEvent(type, appIds(json), json.getMap());
  }

  static List<String> appIds(JsonObject json) {
    Set<String> ids = new LinkedHashSet<>();
    addIfText(ids, json.getValue("appId"));
    addIfText(ids, json.getValue("runSpecId"));
    JsonObject def = json.getValue("appDefinition") instanceof JsonObject d ? d : null;
    if (def != null) {
      addIfText(ids, def.getValue("id"));
    }
    JsonObject plan = json.getValue("plan") instanceof JsonObject p ? p : null;
    if (plan != null && plan.getValue("steps") instanceof JsonArray steps) {
      for (Object step : steps) {
        if (step instanceof JsonObject s && s.getValue("actions") instanceof JsonArray actions) {
          for (Object a : actions) {
            if (a instanceof JsonObject action) {
              addIfText(ids, action.getValue("app"));
            }
          }
        }
      }
    }
    return new ArrayList<>(ids);
  }

  private static void addIfText(Set<String> ids, Object v) {
    if (v instanceof String s && !s.isBlank()) {
      ids.add(s);
    }
  }
}

package dev.pacer.testkit.marathon;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.BiConsumer;

/** Sends an event to the stream; every Marathon event carries its type and a timestamp. */
record SimEmitter(BiConsumer<String, JsonObject> sink, Clock clock) {
  void emit(String eventType, JsonObject fields) {
    sink.accept(
        eventType,
        fields.put("eventType", eventType).put("timestamp", SimShapes.iso(clock.instant())));
  }
}

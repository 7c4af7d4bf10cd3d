package dev.pacer.deploy;

import dev.pacer.common.marathon.MarathonEvent;
import io.vertx.core.Future;
import java.util.function.Consumer;

/** Marathon's event stream, as a deploy follows it. */
public interface MarathonEvents {
  /**
   * Attaches; completes with whether it is attached after the first attempt. {@code onReconnect}
   * runs after each later reattach (events were lost meanwhile: the caller resyncs).
   */
  Future<Boolean> attach(Consumer<MarathonEvent> onEvent, Runnable onReconnect);

  Future<Void> close();
}

package dev.pacer.common.runtime;

import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.control.PauseView;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.ha.Leadership;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.StreamAttaches;
import dev.pacer.common.time.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * What a daemon gets from the process it runs in. {@code router} is the one HTTP server's router:
 * daemons add their routes (webhooks, admin endpoints) while they start; the server opens after
 * every daemon started. {@code pauses} is the pause state runbooks set, loaded before any daemon
 * starts. {@code leadership} says whether this replica may act now (always, without HA). {@code
 * scheduler} sets the timers of decisions (on {@code clock}'s time: virtual in tests). {@code
 * streamAttaches} counts this process's attaches of Marathon's event stream. {@code daemonsStarted}
 * completes once every enabled daemon has started (and subscribed). {@code views}: where a daemon
 * says the present state of its apps or pools, for the timelines and the status page. {@code
 * store}: where the autodeployer stores the images rolled back from an app and its approvals (as
 * pauses are).
 */
public record PacerRuntime(
    Vertx vertx,
    PacerConfig config,
    EventBackbone backbone,
    MarathonClient marathon,
    Router router,
    AdminApi admin,
    MeterRegistry metrics,
    PauseView pauses,
    Leadership leadership,
    Clock clock,
    Scheduler scheduler,
    StreamAttaches streamAttaches,
    io.vertx.core.Future<Void> daemonsStarted,
    dev.pacer.common.journal.StateViews views,
    dev.pacer.common.control.ControlStore store) {

  public PacerRuntime {
    store = store == null ? dev.pacer.common.control.ControlStore.NONE : store;
  }
}

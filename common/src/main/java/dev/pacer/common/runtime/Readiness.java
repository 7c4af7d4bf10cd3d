package dev.pacer.common.runtime;

import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.lifecycle.ShutdownSequence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /ready} covers besides Marathon and the backbone: each enabled daemon's probes marked
 * {@link Probe#readiness()}, and the one moment it first passes, which the log says as {@code Pacer
 * ready}.
 */
final class Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(PacerProcess.class);

  private Readiness() {}

  /** Adds the readiness probes as checks (closed at shutdown) and closes the others. */
  static void register(AdminApi admin, List<Probe> probes, ShutdownSequence shutdown) {
    for (Probe probe : probes) {
      if (!probe.readiness()) {
        probe.close();
        continue;
      }
      admin.readinessCheck(probe.name(), () -> probe.run().mapEmpty());
      shutdown.onShutdown(
          "probe " + probe.name(),
          () -> {
            probe.close();
            return Future.succeededFuture();
          });
    }
  }

  /**
   * Logs {@code Pacer started} and which checks it waits for, then asks them every second until
   * they first pass, which logs {@code Pacer ready} (as the first 200 of {@code /ready} would).
   */
  static void awaitFirst(Vertx vertx, AdminApi admin, ShutdownSequence shutdown, String base) {
    LOG.info(
        "Pacer started: {}/status; /ready answers 200 once {} are reachable",
        base,
        String.join(", ", admin.readinessNames()));
    admin.onFirstReady(() -> LOG.info("Pacer ready: {}/status", base));
    long[] timer = {-1};
    timer[0] =
        vertx.setPeriodic(
            0,
            1000,
            t -> {
              if (admin.wasReady()) {
                vertx.cancelTimer(timer[0]);
                return;
              }
              admin.readiness();
            });
    shutdown.onShutdown(
        "readiness watch",
        () -> {
          vertx.cancelTimer(timer[0]);
          return Future.succeededFuture();
        });
  }
}

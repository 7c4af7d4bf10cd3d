package dev.pacer.common.runtime;

import dev.pacer.common.config.ConfigReader;
import io.vertx.core.Deployable;
import java.util.Set;

/**
 * A daemon as the process composes it: its name (also its config block {@code pacer.<name>}), its
 * typed config, and the verticle it runs. Each daemon module's {@code *Main} implements this.
 */
public interface DaemonModule<C> {

  String name();

  /** Reads {@code pacer.<name>}; problems go into the reader, so all are reported together. */
  C readConfig(ConfigReader reader);

  boolean enabled(C config);

  Deployable create(PacerRuntime runtime, C config);

  /**
   * The Marathon event types ({@code event_type}, e.g. {@code deployment_success}) this daemon
   * reads from {@code pacer.marathon}. The process asks Marathon for the union over its enabled
   * daemons only, and opens no stream when that is empty: a busy cluster emits many {@code
   * status_update_event}s nobody here needs.
   */
  default Set<String> marathonEventTypes(C config) {
    return Set.of();
  }

  /**
   * The pause scopes this daemon acts on besides {@code global} and app ids, such as {@code
   * pool:scaling}: a pause of a scope no daemon of the config knows is refused. Asked of every
   * daemon of the config, enabled here or not: another process may run it.
   */
  default Set<String> pauseScopes(C config) {
    return Set.of();
  }

  /**
   * Read-only reaches of the systems this daemon needs (Graphite, the Mesos master, a cloud group,
   * Slack): all run by {@code pacer check}, those marked {@link Probe#readiness()} by {@code
   * /ready} too. The caller closes them.
   */
  default java.util.List<Probe> probes(C config, io.vertx.core.Vertx vertx) {
    return java.util.List.of();
  }
}

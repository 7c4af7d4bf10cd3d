package dev.pacer.common.runtime;

import io.vertx.core.Future;

/**
 * One read-only reach of a system Pacer needs (Marathon's {@code /v2/info}, Graphite's {@code
 * /render}, an Auto Scaling group's description): {@code pacer check} runs every probe of the
 * enabled daemons, and {@code /ready} those that are {@link #readiness()} checks. A probe never
 * changes anything.
 */
public interface Probe extends AutoCloseable {

  /** Short and stable, e.g. {@code graphite}, {@code pool scaling}: the {@code /ready} key. */
  String name();

  /** What is reached, e.g. {@code Graphite http://g:8080 (/render of one target)}. */
  String what();

  /** Whether {@code /ready} fails while this fails. */
  boolean readiness();

  /** Reaches the system; succeeds with what it found in a few words, fails with why. */
  Future<String> run();

  /** Frees what the probe holds (a client, a connection). */
  @Override
  default void close() {}
}

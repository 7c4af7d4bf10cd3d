package dev.pacer.autoscaler.plan;

/**
 * Test fixture of {@code ArchitectureTest}: a class in a pure package that reaches for Vert.x and
 * builds an adapter, so the test can show the rules fail on it. Test sources only; the rules check
 * main classes.
 */
public final class ArchitectureProbe {
  private ArchitectureProbe() {}

  static io.vertx.core.Vertx wrong() {
    return io.vertx.core.Vertx.vertx();
  }

  static Object adapter(io.vertx.core.Vertx vertx) {
    return new dev.pacer.common.mesos.MesosMaster(
        vertx, java.util.List.of(java.net.URI.create("http://m:5050")), java.time.Duration.ZERO);
  }
}

package dev.pacer.autoscaler;

import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.servers.Graphite;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real Graphite for the test JVM (each fixture writes under a random prefix), a fresh {@link
 * AutoscalerFixture} per test.
 */
abstract class AutoscalerITBase {
  static final Duration WAIT = Duration.ofSeconds(30);
  static Graphite graphite;
  @TempDir Path stateDir;
  AutoscalerFixture f;

  @BeforeAll
  static void startGraphite() {
    graphite = Graphite.shared();
  }

  @BeforeEach
  void fixture() {
    f = new AutoscalerFixture(graphite, stateDir);
  }

  @AfterEach
  void close() {
    f.close();
  }

  /** Waits for {@code n} more complete cycles. */
  void cycles(int n) {
    long target = f.cycles() + n;
    await().atMost(WAIT).until(() -> f.cycles() >= target);
  }
}

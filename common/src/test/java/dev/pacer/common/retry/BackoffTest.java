package dev.pacer.common.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

  @Test
  void doublesFromTheInitialDelayUpToTheCap() {
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(b.delay(5)).isEqualTo(Duration.ofMillis(3200));
    assertThat(b.delay(6)).isEqualTo(Duration.ofSeconds(5));
    assertThat(b.delay(10_000)).isEqualTo(Duration.ofSeconds(5));
  }

  @Property
  void neverShrinksAndNeverPassesTheCap(
      @ForAll @IntRange(min = 1, max = 5000) int attempt,
      @ForAll @IntRange(min = 0, max = 100_000) int initialMs,
      @ForAll @IntRange(min = 0, max = 600_000) int maxMs) {
    Backoff p = new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs));
    Duration d = p.delay(attempt);
    assertThat(d).isLessThanOrEqualTo(p.max());
    assertThat(p.delay(attempt + 1)).isGreaterThanOrEqualTo(d);
    assertThat(p.delayMillis(attempt)).isPositive();
  }
}

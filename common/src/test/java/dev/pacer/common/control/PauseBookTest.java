package dev.pacer.common.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.events.types.EventTypes;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PauseBookTest {
  static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

  static Pause pause(String scope, Instant at, long seconds) {
    return new Pause(scope, at, at.plusSeconds(seconds), "deploy freeze", "alice");
  }

  @Test
  void anAppPauseCoversThatAppAndTheGlobalOneCoversAll() {
    PauseBook b = new PauseBook();
    assertThat(b.apply(EventTypes.PAUSED, pause("/shop/web", T, 60))).isTrue();
    assertThat(b.covering("/shop/web", T.plusSeconds(1))).isPresent();
    assertThat(b.covering("/shop/api", T.plusSeconds(1))).isEmpty();
    b.apply(EventTypes.PAUSED, pause(Pause.GLOBAL, T, 30));
    assertThat(b.covering("/shop/api", T.plusSeconds(1)).orElseThrow().global()).isTrue();
    // the app's own pause wins while both hold
    assertThat(b.covering("/shop/web", T.plusSeconds(1)).orElseThrow().scope())
        .isEqualTo("/shop/web");
  }

  @Test
  void aPauseStopsCoveringAtItsEndEvenBeforeTheExpiryEvent() {
    PauseBook b = new PauseBook();
    b.apply(EventTypes.PAUSED, pause("/a", T, 60));
    assertThat(b.covering("/a", T.plusSeconds(59))).isPresent();
    assertThat(b.covering("/a", T.plusSeconds(60))).isEmpty();
    assertThat(b.due(T.plusSeconds(60))).extracting(Pause::scope).containsExactly("/a");
    assertThat(b.due(T.plusSeconds(59))).isEmpty();
  }

  @Test
  void replayingEventsIsIdempotentAndALateEndNeverLiftsANewerPause() {
    PauseBook b = new PauseBook();
    Pause first = pause("/a", T, 60);
    Pause second = pause("/a", T.plusSeconds(30), 600);
    b.apply(EventTypes.PAUSED, first);
    assertThat(b.apply(EventTypes.PAUSED, first)).isFalse();
    b.apply(EventTypes.PAUSED, second);
    // the first pause's expiry arrives after the second pause was set
    assertThat(b.apply(EventTypes.EXPIRED, first)).isFalse();
    assertThat(b.get("/a")).contains(second);
    assertThat(b.apply(EventTypes.RESUMED, second)).isTrue();
    assertThat(b.get("/a")).isEmpty();
    assertThat(b.apply(EventTypes.RESUMED, second)).isFalse();
  }

  @Test
  void allListsTheGlobalPauseFirst() {
    PauseBook b = new PauseBook();
    b.apply(EventTypes.PAUSED, pause("/b", T, 60));
    b.apply(EventTypes.PAUSED, pause(Pause.GLOBAL, T, 60));
    b.apply(EventTypes.PAUSED, pause("/a", T, 60));
    assertThat(b.all()).extracting(Pause::scope).containsExactly("global", "/a", "/b");
  }

  @Test
  void describeSaysWhoUntilWhenAndWhy() {
    assertThat(pause(Pause.GLOBAL, T, 3600).describe())
        .isEqualTo("paused (global) by alice until 2026-11-22T13:00:00Z: deploy freeze");
  }
}

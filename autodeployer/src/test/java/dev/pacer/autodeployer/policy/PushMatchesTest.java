package dev.pacer.autodeployer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.events.types.PushMatched;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushMatchesTest {
  static WatchedApp app(String id, String label) {
    return new WatchedApp(id, AutodeployLabel.parse(label));
  }

  static final List<WatchedApp> APPS =
      List.of(
          app("/shop/web", "shop/web:v*"),
          app("/shop/api", "shop/api:2.*"),
          app("/shop/web-canary", "shop/web:2.4.*"),
          app("/ops/batch", "ops/batch:*"),
          app("/shop/webhooks", "shop/webhooks:2*"));

  static ImagePush push(String repo, String tag) {
    return new ImagePush("p1", "registry", "r.io", repo, tag, "sha256:ab", Instant.EPOCH);
  }

  @Test
  void aPushThatMatchedNothingNamesTheThreeNearestPatternsWithWhereEachStopped() {
    PushMatched m = PushMatches.of(push("shop/web", "2.5.0"), List.of(), APPS);
    assertThat(m.image()).isEqualTo("r.io/shop/web:2.5.0");
    assertThat(m.matched()).isEmpty();
    // shop/web:2.4.* reads "shop/web:2." and stops at the '5' (index 11), shop/web:v* at the '2'
    // (9), shop/webhooks:2* at the ':' (8); shop/api:2.* (5) and ops/batch:* (0) are farther
    assertThat(m.nearest())
        .extracting(n -> n.app() + " " + n.pattern() + " @" + n.at())
        .containsExactly(
            "/shop/web-canary shop/web:2.4.* @11",
            "/shop/web shop/web:v* @9",
            "/shop/webhooks shop/webhooks:2* @8");
    assertThat(m.nearest().get(0).compared()).isEqualTo("shop/web:2.5.0");
  }

  @Test
  void aPushThatMatchedListsItsAppsAndTheNearestOfTheOthers() {
    List<WatchedApp> matched = List.of(APPS.get(0));
    PushMatched m = PushMatches.of(push("shop/web", "v3"), matched, APPS);
    assertThat(m.matched()).containsExactly("/shop/web");
    assertThat(m.nearest()).extracting(PushMatched.NearMiss::app).doesNotContain("/shop/web");
    assertThat(m.nearest()).hasSize(PushMatched.MAX_NEAREST);
  }
}

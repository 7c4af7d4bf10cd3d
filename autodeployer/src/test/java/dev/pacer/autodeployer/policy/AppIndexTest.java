package dev.pacer.autodeployer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppIndexTest {

  private static WatchedApp app(String id, String label) {
    return new WatchedApp(id, AutodeployLabel.parse(label));
  }

  @Test
  void findsEveryMatchingAppByRepositoryAndScansOnlyGlobRepositories() {
    AppIndex index =
        AppIndex.of(
            List.of(
                app("/web", "acme/web:master*"), app("/web-canary", "acme/web:master*"),
                app("/api", "acme/api:master*"), app("/all-acme", "acme/*:release-*")));
    assertThat(index.matching("r.io", "acme/web", "master-1"))
        .extracting(WatchedApp::appId)
        .containsExactly("/web", "/web-canary");
    assertThat(index.matching("r.io", "acme/web", "release-2"))
        .extracting(WatchedApp::appId)
        .containsExactly("/all-acme");
    assertThat(index.matching("r.io", "other/web", "master-1")).isEmpty();
  }

  @Test
  void updatesAreCopiesAndLeaveTheOldIndexAlone() {
    AppIndex a = AppIndex.of(List.of(app("/web", "acme/web:master*")));
    AppIndex b = a.with(app("/web", "acme/web:main*")).with(app("/api", "acme/api:*"));
    assertThat(a.matching("", "acme/web", "master-1")).hasSize(1);
    assertThat(b.matching("", "acme/web", "master-1")).isEmpty();
    assertThat(b.without("/api").size()).isEqualTo(1);
    assertThat(b.size()).isEqualTo(2);
  }

  @Test
  void aLookupAmongTenThousandAppsTouchesOnlyThatRepositorysApps() {
    List<WatchedApp> apps = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      apps.add(app("/app-" + i, "acme/svc-" + i + ":master*"));
    }
    AppIndex index = AppIndex.of(apps);
    assertThat(index.matching("", "acme/svc-4242", "master-9"))
        .extracting(WatchedApp::appId)
        .containsExactly("/app-4242");
  }
}

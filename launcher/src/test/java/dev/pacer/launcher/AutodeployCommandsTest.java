package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AutodeployCommandsTest {
  @Test
  void rendersOneLinePerMatchedAppThenTheNearestOfTheOthers() {
    JsonObject answer =
        new JsonObject(
            """
            {"image": "r.io/acme/web:2.4.1", "digest": "",
             "apps": [
               {"app": "/acme/web", "verdict": "deploys", "rule": "deploy",
                "reason": "r.io/acme/web:2.4.1: r.io/acme/web:2.4.1 matches acme/web:*"},
               {"app": "/acme/web-canary", "verdict": "skips", "rule": "policy",
                "reason": "2.4.1 is outside the range ^3 (policy semver ^3)"},
               {"app": "/acme/web-eu", "verdict": "holds", "rule": "frozen",
                "reason": "deploys frozen by alice until 2026-12-04T12:00:00Z"},
               {"app": "/acme/web-prod", "verdict": "awaits-approval", "rule": "approval",
                "reason": "1 approval needed within 24h; then it deploys r.io/acme/web:2.4.1"}],
             "not-matched": 2,
             "nearest": [{"app": "/acme/api", "pattern": "acme/api:*", "compared": "acme/web:2.4.1", "at": 5}]}
            """);
    assertThat(AutodeployCommands.render(answer))
        .isEqualTo(
            "/acme/web         deploys                r.io/acme/web:2.4.1: r.io/acme/web:2.4.1"
                + " matches acme/web:*\n"
                + "/acme/web-canary  skips (policy)         2.4.1 is outside the range ^3 (policy"
                + " semver ^3)\n"
                + "/acme/web-eu      held (frozen)          deploys frozen by alice until"
                + " 2026-12-04T12:00:00Z\n"
                + "/acme/web-prod    awaits approval        1 approval needed within 24h; then it"
                + " deploys r.io/acme/web:2.4.1\n"
                + "2 other apps do not match; the nearest is /acme/api (acme/api:*): 'acme/web:2.4.1'"
                + " stops matching at character 6.");
    assertThat(
            AutodeployCommands.render(
                new JsonObject(
                    "{\"image\": \"r.io/x:1\", \"apps\": [], \"not-matched\": 0, \"nearest\": []}")))
        .isEqualTo("No app's autodeploy pattern matches r.io/x:1.");
  }
}

package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What {@code pacer approvals} prints of {@code GET /approvals}. */
class ApprovalCommandsTest {
  @Test
  void oneLinePerApprovalAndOnePerVote() {
    JsonArray approvals =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("id", "3f2a9c1d")
                    .put("app", "/shop/web")
                    .put("image", "r.io/shop/web:2.4.1")
                    .put("state", "pending")
                    .put("approvals", 1)
                    .put("needed", 2)
                    .put("deadline", "2026-12-05T10:00:00Z")
                    .put(
                        "votes",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("who", "U024BE7LH")
                                    .put("name", "alice")
                                    .put("vote", "approve")
                                    .put("via", "slack")
                                    .put("at", "2026-12-04T10:01:00Z")
                                    .put("reason", ""))));
    assertThat(ApprovalCommands.render(approvals))
        .isEqualTo(
            "3f2a9c1d  /shop/web  r.io/shop/web:2.4.1  pending  1 of 2  deadline"
                + " 2026-12-05T10:00:00Z\n"
                + "    approve by alice (U024BE7LH) via slack at 2026-12-04T10:01:00Z\n");
    assertThat(ApprovalCommands.render(new JsonArray())).isEqualTo("No push waits for approval.\n");
  }
}

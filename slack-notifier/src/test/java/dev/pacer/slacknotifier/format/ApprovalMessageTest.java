package dev.pacer.slacknotifier.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.types.DeployApproval;
import dev.pacer.common.events.types.DeployEvent;
import dev.pacer.common.events.types.EventTypes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An approval's one message: buttons while it waits, how it ended once it did. */
class ApprovalMessageTest {
  static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

  static PacerEvent event(String state, List<DeployApproval.Vote> votes, String reason) {
    return EventTypes.event(
        "test",
        "/shop/web",
        T,
        new DeployApproval(
            new DeployEvent.Facts(
                "reg.acme.dev/shop/web:2.4.1",
                "reg.acme.dev/shop/web:2.4.0",
                null,
                "e1",
                "sha256:b",
                T,
                "registry",
                reason),
            "3f2a9c1d",
            state,
            2,
            T.plusSeconds(86400),
            votes,
            null));
  }

  @Test
  void aPendingApprovalHasTheButtonsItsVotesAndTheCommands() {
    var alice = new DeployApproval.Vote("U024BE7LH", "alice", "approve", "slack", T, "");
    SlackMessage m = ApprovalMessage.of(event("pending", List.of(alice), "matches"));
    String json = m.blocksJson();
    assertThat(m.text())
        .isEqualTo(
            "Approval needed to deploy reg.acme.dev/shop/web:2.4.1 to /shop/web (1 of 2"
                + " approvals)");
    assertThat(json)
        .contains("\"type\":\"actions\"")
        .contains("\"action_id\":\"pacer_approve\",\"value\":\"3f2a9c1d\",\"style\":\"primary\"")
        .contains("\"action_id\":\"pacer_reject\",\"value\":\"3f2a9c1d\",\"style\":\"danger\"")
        .contains(":+1: <@U024BE7LH>")
        .contains("pacer approve 3f2a9c1d");
    assertThat(ApprovalMessage.key(event("pending", List.of(), ""))).isEqualTo("approval:3f2a9c1d");
  }

  @Test
  void anEndedApprovalSaysHowWithoutButtons() {
    var bob = new DeployApproval.Vote("bob", "", "reject", "cli", T, "not today");
    SlackMessage m = ApprovalMessage.of(event("rejected", List.of(bob), "rejected by bob"));
    assertThat(m.text()).contains(": rejected (0 of 2 approvals)");
    assertThat(m.blocksJson())
        .doesNotContain("\"type\":\"actions\"")
        .contains(":-1: bob: not today")
        .contains("rejected by bob; the image is quarantined");
  }
}

package dev.pacer.autodeployer.approve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import dev.pacer.common.config.Secret;
import dev.pacer.testkit.Contracts;
import dev.pacer.testkit.ManualClock;
import dev.pacer.testkit.slack.SlackInteraction;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signature check of {@code POST /slack/interactions}, against Slack's documented example. */
class SlackInteractionsTest {
  static final JsonObject DOCS =
      new JsonObject(Contracts.text("slack/request_signing_docs_example.json"));
  static final String SECRET = DOCS.getString("signing_secret");
  static final String TS = DOCS.getString("X-Slack-Request-Timestamp");
  static final String BODY = DOCS.getString("body");
  static final String SIGNATURE = DOCS.getString("X-Slack-Signature");

  final ManualClock clock = new ManualClock(Instant.ofEpochSecond(Long.parseLong(TS) + 10));
  final SlackInteractions slack = new SlackInteractions(Secret.of(SECRET), null, clock);

  @Test
  void slacksDocumentedExampleIsTakenOnceAndTheSimulatorSignsAsSlackDoes() {
    assertThat(SlackInteraction.sign(SECRET, TS, BODY)).isEqualTo(SIGNATURE);
    assertThat(slack.verify(TS, SIGNATURE, BODY)).isNull();
    assertThat(slack.verify(TS, SIGNATURE, BODY)).startsWith("replayed");
  }

  @Test
  void aWrongSignatureATamperedBodyOrNoSignatureIsRefused() {
    assertThat(slack.verify(TS, SlackInteraction.sign("another", TS, BODY), BODY))
        .startsWith("bad signature");
    assertThat(slack.verify(TS, SIGNATURE, BODY + "&user_id=U0EVIL")).startsWith("bad signature");
    assertThat(slack.verify(TS, SIGNATURE.substring(0, 20), BODY)).startsWith("bad signature");
    assertThat(slack.verify(null, SIGNATURE, BODY)).startsWith("not signed");
    assertThat(slack.verify(TS, null, BODY)).startsWith("not signed");
    assertThat(slack.verify("yesterday", SIGNATURE, BODY)).contains("not a number");
    // none of those counted as taken: the real one still is
    assertThat(slack.verify(TS, SIGNATURE, BODY)).isNull();
  }

  @Test
  void aTimestampMoreThanFiveMinutesFromNowEitherWayIsStale() {
    long t = Long.parseLong(TS);
    clock.set(Instant.ofEpochSecond(t + 301));
    assertThat(slack.verify(TS, SIGNATURE, BODY)).startsWith("stale");
    clock.set(Instant.ofEpochSecond(t - 301));
    assertThat(slack.verify(TS, SIGNATURE, BODY)).startsWith("stale");
    clock.set(Instant.ofEpochSecond(t + 300));
    assertThat(slack.verify(TS, SIGNATURE, BODY)).isNull();
  }

  @Test
  void theDocumentedBlockActionsPayloadReadsAndOtherBodiesAreNamed() {
    String json = Contracts.text("slack/block_actions_payload_docs.json");
    BlockActionPayload p =
        SlackInteractions.payload("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8));
    assertThat(p.getUser().getId()).isEqualTo("UA8RXUSPL");
    assertThat(p.getUser().getUsername()).isEqualTo("jtorrance");
    assertThat(p.getActions().get(0).getValue()).isEqualTo("click_me_123");
    assertThat(p.getActions().get(0).getActionId()).isEqualTo("WaXA");
    assertThatThrownBy(() -> SlackInteractions.payload(BODY))
        .hasMessageContaining("payload=<JSON>");
    assertThatThrownBy(
            () ->
                SlackInteractions.payload(
                    "payload="
                        + URLEncoder.encode(
                            "{\"type\":\"view_submission\"}", StandardCharsets.UTF_8)))
        .hasMessageContaining("only block_actions");
    assertThatThrownBy(() -> SlackInteractions.payload("payload=%7Bnot"))
        .hasMessageContaining("not a JSON object");
  }
}

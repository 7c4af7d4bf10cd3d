package dev.pacer.testkit.slack;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.Contracts;
import dev.pacer.testkit.OverHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** The Slack simulator against the verbatim contracts in {@code contracts/slack}, over raw HTTP. */
class SlackSimulatorTest extends OverHttp {
  final SlackSimulator sim = result(SlackSimulator.start(vertx));

  HttpResponse<Buffer> api(String method, String token, JsonObject body) {
    var req = http.postAbs(sim.apiUrl() + method);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    return result(req.sendJsonObject(body));
  }

  static JsonObject message(String channel, String text) {
    return new JsonObject()
        .put("channel", channel)
        .put("text", text)
        .put("blocks", new JsonArray(Contracts.text("slack/blocks_section_example_docs.json")));
  }

  @Test
  void postMessageAnswersWithTheContractsShapeAndATsForThreadsAndUpdates() {
    HttpResponse<Buffer> r = api("chat.postMessage", SlackSimulator.TOKEN, message("#d", "hi"));
    JsonObject ok = r.bodyAsJsonObject();
    JsonObject contract = new JsonObject(Contracts.text("slack/chat_postMessage_response_ok.json"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ok.fieldNames()).containsExactlyInAnyOrderElementsOf(contract.fieldNames());
    assertThat(ok.getBoolean("ok")).isTrue();
    String ts = ok.getString("ts");
    assertThat(ok.getJsonObject("message").getString("ts")).isEqualTo(ts);

    JsonObject reply = message("#d", "in thread").put("thread_ts", ts);
    assertThat(
            api("chat.postMessage", SlackSimulator.TOKEN, reply)
                .bodyAsJsonObject()
                .getBoolean("ok"))
        .isTrue();
    JsonObject update = message("#d", "edited").put("ts", ts);
    assertThat(api("chat.update", SlackSimulator.TOKEN, update).bodyAsJsonObject().getBoolean("ok"))
        .isTrue();
    assertThat(sim.messages()).hasSize(2);
    assertThat(sim.messages().get(0).history()).containsExactly("hi", "edited");
    assertThat(sim.messages().get(1).threadTs()).isEqualTo(ts);
  }

  @Test
  void errorsAre200WithOkFalseInTheContractsShapeExceptRateLimitingWhichIs429() {
    JsonObject contract =
        new JsonObject(Contracts.text("slack/chat_postMessage_response_error.json"));
    JsonObject e = api("chat.postMessage", "xoxb-wrong", message("#d", "x")).bodyAsJsonObject();
    assertThat(e.fieldNames()).containsExactlyInAnyOrderElementsOf(contract.fieldNames());
    assertThat(e.getString("error")).isEqualTo("invalid_auth");
    assertThat(
            api("chat.postMessage", null, message("#d", "x")).bodyAsJsonObject().getString("error"))
        .isEqualTo("not_authed");
    assertThat(
            api("chat.postMessage", SlackSimulator.TOKEN, message("#d", "x").put("text", ""))
                .bodyAsJsonObject()
                .getString("error"))
        .isEqualTo("no_text");
    assertThat(
            api("chat.update", SlackSimulator.TOKEN, message("#d", "x").put("ts", "1.2"))
                .bodyAsJsonObject()
                .getString("error"))
        .isEqualTo("message_not_found");

    sim.ratePerSecond(1);
    assertThat(api("chat.postMessage", SlackSimulator.TOKEN, message("#r", "1")).statusCode())
        .isEqualTo(200);
    HttpResponse<Buffer> limited =
        api("chat.postMessage", SlackSimulator.TOKEN, message("#r", "2"));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isEqualTo("1");
    assertThat(limited.bodyAsJsonObject().getString("error")).isEqualTo("ratelimited");
    assertThat(sim.rateLimited()).isEqualTo(1);
  }

  @Test
  void everyDocumentedLimitIsEnforced() {
    String header = "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"%s\"}}";
    String section = "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"%s\"}}";
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 51; i++) {
      tooMany.add(new JsonObject(String.format(section, "b" + i)));
    }
    assertThat(BlockKitLimits.check("t", tooMany))
        .extracting(BlockKitLimits.Violation::error)
        .containsExactly("invalid_blocks");
    assertThat(
            BlockKitLimits.check(
                "t", JsonArray.of(new JsonObject(String.format(header, "h".repeat(151))))))
        .hasSize(1);
    assertThat(
            BlockKitLimits.check(
                "t", JsonArray.of(new JsonObject(String.format(header, "h".repeat(150))))))
        .isEmpty();
    assertThat(
            BlockKitLimits.check(
                "t", JsonArray.of(new JsonObject(String.format(section, "s".repeat(3_001))))))
        .hasSize(1);
    assertThat(
            BlockKitLimits.check(
                "t",
                new JsonObject(Contracts.text("slack/block_header_docs.json"))
                    .getJsonArray("blocks")))
        .isEmpty();
    assertThat(BlockKitLimits.check(null, null))
        .extracting(BlockKitLimits.Violation::error)
        .containsExactly("no_text");

    HttpResponse<Buffer> r =
        api(
            "chat.postMessage",
            SlackSimulator.TOKEN,
            new JsonObject().put("channel", "#d").put("text", "t").put("blocks", tooMany));
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("invalid_blocks");
    assertThat(sim.violations()).singleElement().asString().contains("51 blocks");
  }

  @Test
  void theWebhookAnswersPlainTextOkOrTheDocumentedErrors() {
    HttpResponse<Buffer> ok =
        result(http.postAbs(sim.webhookUrl()).sendJsonObject(message("x", "hook")));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsString()).isEqualTo("ok");
    HttpResponse<Buffer> bad =
        result(http.postAbs(sim.webhookUrl()).sendBuffer(Buffer.buffer("{not json")));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsString()).isEqualTo("invalid_payload");
    assertThat(Contracts.text("slack/incoming_webhook_errors_changelog.txt"))
        .contains("invalid_payload");
    sim.failNext("channel_not_found");
    HttpResponse<Buffer> gone =
        result(http.postAbs(sim.webhookUrl()).sendJsonObject(message("x", "y")));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.bodyAsString()).isEqualTo("channel_not_found");
    assertThat(
            result(http.postAbs(sim.webhookUrl() + "x").sendJsonObject(message("x", "y")))
                .bodyAsString())
        .isEqualTo("no_service");
    sim.down(true);
    assertThat(
            result(http.postAbs(sim.webhookUrl()).sendJsonObject(message("x", "y"))).statusCode())
        .isEqualTo(503);
  }
}

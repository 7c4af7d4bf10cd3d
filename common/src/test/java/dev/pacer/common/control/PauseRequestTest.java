package dev.pacer.common.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PauseRequestTest {
  static final Duration CAP = Duration.ofHours(24);

  @Test
  void readsScopeDurationReasonAndWho() {
    PauseRequest r =
        PauseRequest.pause(
            new JsonObject()
                .put("scope", "/shop/web")
                .put("for", "2h")
                .put("reason", "incident 42")
                .put("who", "alice"),
            CAP);
    assertThat(r)
        .isEqualTo(new PauseRequest("/shop/web", Duration.ofHours(2), "incident 42", "alice"));
    assertThat(
            PauseRequest.pause(new JsonObject().put("scope", "global").put("for", 90), CAP)
                .duration())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(
            PauseRequest.pause(new JsonObject().put("scope", "pool:scaling").put("for", "1h"), CAP)
                .scope())
        .isEqualTo("pool:scaling");
    for (String freeze : new String[] {"deploys:/shop/web", "deploys:global"}) {
      assertThat(
              PauseRequest.pause(new JsonObject().put("scope", freeze).put("for", "1h"), CAP)
                  .scope())
          .isEqualTo(freeze);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no scope | {\"for\": \"1h\"} | scope: required",
        "bad scope | {\"scope\": \"shop/web\", \"for\": \"1h\"} | scope: expected \"global\", a Marathon app id",
        "bad pool | {\"scope\": \"pool:\", \"for\": \"1h\"} | a pool such as \"pool:scaling\", or a deploy freeze (\"deploys:/shop/web\", \"deploys:global\"), got 'pool:'",
        "bad freeze | {\"scope\": \"deploys:shop\", \"for\": \"1h\"} | got 'deploys:shop'",
        "no for | {\"scope\": \"global\"} | for: required",
        "bad for | {\"scope\": \"global\", \"for\": \"soon\"} | for: expected a duration",
        "negative | {\"scope\": \"global\", \"for\": \"-5m\"} | for: must be positive",
        "over the cap | {\"scope\": \"global\", \"for\": \"48h\"} | for: 48h is longer than the cap of 1d",
      })
  void eachMistakeIsNamed(String kind, String body, String message) {
    assertThatThrownBy(() -> PauseRequest.pause(new JsonObject(body), CAP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.strip());
  }
}

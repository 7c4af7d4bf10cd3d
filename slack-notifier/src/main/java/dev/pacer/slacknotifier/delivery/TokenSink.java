package dev.pacer.slacknotifier.delivery;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import dev.pacer.slacknotifier.format.SlackMessage;
import java.io.IOException;
import java.time.Duration;

/**
 * Slack's Web API with a bot token ({@code chat:write}), through the official Slack SDK for Java:
 * {@code chat.postMessage} (with {@code thread_ts} for replies) and {@code chat.update}. Slack
 * answers 200 with {@code ok: false} for most errors; a 429 comes with {@code Retry-After}.
 */
public final class TokenSink implements SlackSink {
  private final Slack slack;
  private final java.util.function.Supplier<String> token;

  public TokenSink(String token, String apiUrl, Duration timeout) {
    this(() -> token, apiUrl, timeout);
  }

  /** With the token asked at each call: a token file rewritten is used from the next message. */
  public TokenSink(java.util.function.Supplier<String> token, String apiUrl, Duration timeout) {
    SlackConfig config = config(timeout);
    config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
    this.slack = Slack.getInstance(config);
    this.token = token;
  }

  private MethodsClient methods() {
    return slack.methods(token.get());
  }

  @Override
  public String mode() {
    return "token";
  }

  /**
   * Slack's {@code auth.test}: which workspace and user the token is, read-only.
   *
   * @throws IllegalStateException with Slack's error (e.g. {@code invalid_auth})
   */
  public String authTest() throws IOException, SlackApiException {
    var r = methods().authTest(b -> b);
    if (!r.isOk()) {
      throw new IllegalStateException("auth.test answered " + r.getError());
    }
    return "token of " + r.getUser() + " in " + r.getTeam() + " (" + r.getUrl() + ")";
  }

  @Override
  public boolean updatesInPlace() {
    return true;
  }

  @Override
  public Outcome post(String channel, SlackMessage m, String threadTs) {
    return call(
        () -> {
          ChatPostMessageResponse r =
              methods()
                  .chatPostMessage(
                      b ->
                          b.channel(channel)
                              .text(m.text())
                              .blocksAsString(m.blocksJson())
                              .threadTs(threadTs)
                              .unfurlLinks(false)
                              .unfurlMedia(false));
          return r.isOk() ? new Outcome.Posted(r.getChannel(), r.getTs()) : apiError(r.getError());
        });
  }

  @Override
  public Outcome update(String channelId, String ts, SlackMessage m) {
    return call(
        () -> {
          ChatUpdateResponse r =
              methods()
                  .chatUpdate(
                      b ->
                          b.channel(channelId)
                              .ts(ts)
                              .text(m.text())
                              .blocksAsString(m.blocksJson()));
          return r.isOk() ? new Outcome.Posted(r.getChannel(), r.getTs()) : apiError(r.getError());
        });
  }

  private interface SlackCall {
    Outcome run() throws IOException, SlackApiException;
  }

  private static Outcome call(SlackCall c) {
    try {
      return c.run();
    } catch (SlackApiException e) {
      return httpError(e);
    } catch (IOException | RuntimeException e) {
      return new Outcome.Transient(e.toString());
    }
  }

  /** The SDK's settings Pacer uses: no stats threads, no body logging, one timeout per call. */
  static SlackConfig config(Duration timeout) {
    SlackConfig config = new SlackConfig();
    config.setStatsEnabled(false);
    config.setPrettyResponseLoggingEnabled(false);
    int ms = (int) timeout.toMillis();
    config.setHttpClientCallTimeoutMillis(ms);
    config.setHttpClientReadTimeoutMillis(ms);
    config.setHttpClientWriteTimeoutMillis(ms);
    return config;
  }

  @Override
  public void close() {
    try {
      slack.close();
    } catch (Exception e) {
      // nothing left to deliver through it
    }
  }

  static Outcome apiError(String error) {
    String e = error == null ? "unknown_error" : error;
    if (e.equals("ratelimited") || e.equals("rate_limited")) {
      return new Outcome.RateLimited(Duration.ofSeconds(1));
    }
    if (e.equals("internal_error") || e.equals("fatal_error") || e.equals("service_unavailable")) {
      return new Outcome.Transient(e);
    }
    return Outcome.isPermanent(e) ? new Outcome.Permanent(e) : new Outcome.Refused(e);
  }

  private static Outcome httpError(SlackApiException e) {
    int code = e.getResponse().code();
    if (code == 429) {
      return new Outcome.RateLimited(retryAfter(e.getResponse().header("Retry-After")));
    }
    if (code >= 500 || code == 408) {
      return new Outcome.Transient("HTTP " + code);
    }
    String error = e.getError() != null ? e.getError().getError() : null;
    return apiError(error != null ? error : "http_" + code);
  }

  static Duration retryAfter(String header) {
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(header.strip())));
    } catch (RuntimeException e) {
      return Duration.ofSeconds(1);
    }
  }
}

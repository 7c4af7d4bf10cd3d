package dev.pacer.slacknotifier.delivery;

import com.slack.api.Slack;
import com.slack.api.webhook.WebhookResponse;
import dev.pacer.slacknotifier.format.SlackMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An incoming webhook, through the Slack SDK's {@code Slack.send}. The channel is the webhook's
 * own, and a webhook returns no {@code ts}: no updates, no threads, one message per state change.
 * Success is 200 with the body {@code ok}; errors are plain-text codes.
 */
public final class WebhookSink implements SlackSink {
  private final Slack slack;
  private final java.util.function.Supplier<String> url;
  private final AtomicLong sent = new AtomicLong();

  public WebhookSink(String url, Duration timeout) {
    this(() -> url, timeout);
  }

  /** With the URL asked at each post: a webhook-url-file rewritten is used from the next one. */
  public WebhookSink(java.util.function.Supplier<String> url, Duration timeout) {
    this.slack = Slack.getInstance(TokenSink.config(timeout));
    this.url = url;
  }

  @Override
  public String mode() {
    return "webhook";
  }

  @Override
  public boolean updatesInPlace() {
    return false;
  }

  @Override
  public Outcome post(String channel, SlackMessage m, String threadTs) {
    try {
      WebhookResponse r = slack.send(url.get(), m.toJson());
      int code = r.getCode() == null ? 0 : r.getCode();
      String body = r.getBody() == null ? "" : r.getBody().strip();
      if (code == 200) {
        return new Outcome.Posted("webhook", "webhook-" + sent.incrementAndGet());
      }
      if (code == 429) {
        List<String> h = r.getHeaders() == null ? null : r.getHeaders().get("retry-after");
        if (h == null && r.getHeaders() != null) {
          h = r.getHeaders().get("Retry-After");
        }
        return new Outcome.RateLimited(
            TokenSink.retryAfter(h == null || h.isEmpty() ? null : h.get(0)));
      }
      if (code >= 500 && !body.equals("rollup_error") || code == 0) {
        return new Outcome.Transient("HTTP " + code + " " + body);
      }
      String error = body.isEmpty() ? "http_" + code : body;
      return Outcome.isPermanent(error) ? new Outcome.Permanent(error) : new Outcome.Refused(error);
    } catch (IOException | RuntimeException e) {
      return new Outcome.Transient(e.toString());
    }
  }

  @Override
  public Outcome update(String channelId, String ts, SlackMessage m) {
    return post(channelId, m, null);
  }

  @Override
  public void close() {
    try {
      slack.close();
    } catch (Exception e) {
      // nothing left to deliver through it
    }
  }
}

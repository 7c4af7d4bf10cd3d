package dev.pacer.testkit.slack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One request Slack sends to an app's Interactivity Request URL, as {@code shared/contracts/slack}
 * describes it: {@code POST}, {@code Content-Type: application/x-www-form-urlencoded}, the body
 * {@code payload=<URL-encoded JSON>}, and the headers {@code X-Slack-Request-Timestamp} (epoch
 * seconds) and {@code X-Slack-Signature} ({@code v0=} hex HMAC-SHA256 with the signing secret over
 * {@code v0:<timestamp>:<body>}). Sent as often as a test wants (a replay is the same request sent
 * again); {@link #signedWith} and {@link #at} make the wrong ones.
 */
public record SlackInteraction(String body, String timestamp, String signature) {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** The request signed with {@code secret} at {@code epochSeconds}. */
  public static SlackInteraction signed(String body, String secret, long epochSeconds) {
    String ts = Long.toString(epochSeconds);
    return new SlackInteraction(body, ts, sign(secret, ts, body));
  }

  /** Slack's {@code v0} signature. */
  public static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] h = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(h);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same body signed with another secret (as a forger would). */
  public SlackInteraction signedWith(String otherSecret) {
    return new SlackInteraction(body, timestamp, sign(otherSecret, timestamp, body));
  }

  /** The same body, correctly signed, at another time (a stale or future request). */
  public SlackInteraction at(String secret, long epochSeconds) {
    return signed(body, secret, epochSeconds);
  }

  /** Sends it to {@code url}; answers the HTTP status and body. */
  public HttpResponse<String> send(URI url) throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      req.header("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      req.header("X-Slack-Signature", signature);
    }
    return CLIENT.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.pacer.autodeployer.approve;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.util.json.GsonFactory;
import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.config.Secret;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/interactions}, the Slack app's Interactivity Request URL: a click on an
 * approval's Approve or Reject button is a vote of the Slack user who clicked. A request is taken
 * only when Slack signed it with {@code pacer.slack.signing-secret}: {@code X-Slack-Signature} is
 * {@code v0=} HMAC-SHA256 of {@code v0:<X-Slack-Request-Timestamp>:<raw body>} (the Slack SDK's
 * {@link SlackSignature.Generator}), compared in constant time; the timestamp is at most 5 minutes
 * from now, either way; and a signature is taken once (a replay within those 5 minutes is refused;
 * after them its timestamp is). Anything else is answered 401 and changes nothing. A taken click is
 * answered 200 with an empty body once its vote is stored (or refused: already voted, ended), and
 * the approval's message is updated in place.
 */
public final class SlackInteractions {
  private static final Logger LOG = LoggerFactory.getLogger(SlackInteractions.class);

  public static final String PATH = "/slack/interactions";
  public static final String APPROVE = "pacer_approve";
  public static final String REJECT = "pacer_reject";
  static final Duration WINDOW = Duration.ofMinutes(5);
  private static final long BODY_LIMIT = 64 * 1024;

  private final Secret secret;
  private final Approvals approvals;
  private final Clock clock;
  // signatures taken in the last WINDOW, with their timestamps (epoch seconds), oldest first
  private final Map<String, Long> seen = new LinkedHashMap<>();

  public SlackInteractions(Secret secret, Approvals approvals, Clock clock) {
    this.secret = secret;
    this.approvals = approvals;
    this.clock = clock;
  }

  public void mount(Router router) {
    AdminApi.readBody(router, PATH, BODY_LIMIT, "Slack's interaction payloads", ctx -> {});
    router.post(PATH).handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    if (!secret.isPresent()) {
      AdminApi.json(
          ctx,
          503,
          AdminApi.error(
              "Slack interactions need pacer.slack.signing-secret (PACER_SLACK_SIGNING_SECRET);"
                  + " pacer approve / pacer reject work without it"));
      return;
    }
    String body = ctx.body().asString(StandardCharsets.UTF_8.name());
    String refusal =
        verify(
            ctx.request().getHeader("X-Slack-Request-Timestamp"),
            ctx.request().getHeader("X-Slack-Signature"),
            body == null ? "" : body);
    if (refusal != null) {
      LOG.warn("Slack interaction refused: {}", refusal);
      AdminApi.json(ctx, 401, AdminApi.error(refusal));
      return;
    }
    BlockActionPayload p;
    try {
      p = payload(body);
    } catch (RuntimeException e) {
      AdminApi.json(ctx, 400, AdminApi.error(e.getMessage()));
      return;
    }
    BlockActionPayload.Action a = p.getActions().get(0);
    String choice =
        APPROVE.equals(a.getActionId())
            ? Vote.APPROVE
            : REJECT.equals(a.getActionId()) ? Vote.REJECT : null;
    if (choice == null || a.getValue() == null || p.getUser() == null) {
      LOG.info("Slack interaction {} is not an approval's: ignored", a.getActionId());
      ctx.response().setStatusCode(200).end();
      return;
    }
    BlockActionPayload.User u = p.getUser();
    String name = u.getUsername() != null ? u.getUsername() : u.getName();
    approvals
        .vote(a.getValue(), u.getId(), choice, "slack", name == null ? "" : name, "")
        .onComplete(
            ar -> {
              if (ar.failed() || ar.result().status() == 503) {
                // not stored: Slack shows the click failed, and it can be clicked again
                AdminApi.json(
                    ctx,
                    503,
                    AdminApi.error(ar.failed() ? String.valueOf(ar.cause()) : ar.result().error()));
                return;
              }
              if (ar.result().status() != 200) {
                LOG.info(
                    "Slack vote of {} on {} refused: {}",
                    u.getId(),
                    a.getValue(),
                    ar.result().error());
              }
              ctx.response().setStatusCode(200).end();
            });
  }

  /** Null when Slack signed the request (and it is new), else why it is refused. */
  synchronized String verify(String timestamp, String signature, String body) {
    if (timestamp == null || signature == null) {
      return "not signed: X-Slack-Request-Timestamp and X-Slack-Signature are required";
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return "X-Slack-Request-Timestamp is not a number of seconds: '" + timestamp + "'";
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - ts) > WINDOW.toSeconds()) {
      return "stale: X-Slack-Request-Timestamp is "
          + (now - ts)
          + " s from now (at most "
          + WINDOW.toSeconds()
          + ")";
    }
    String expected = new SlackSignature.Generator(secret.reveal()).generate(timestamp, body);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        signature.strip().getBytes(StandardCharsets.US_ASCII))) {
      return "bad signature (is pacer.slack.signing-secret the app's signing secret?)";
    }
    for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
      if (Math.abs(now - it.next()) > WINDOW.toSeconds()) {
        it.remove();
      }
    }
    if (seen.putIfAbsent(signature.strip(), ts) != null) {
      return "replayed: this signed request was taken already";
    }
    return null;
  }

  /**
   * The {@code block_actions} payload of a form body {@code payload=<JSON>}.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static BlockActionPayload payload(String body) {
    String json = null;
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("payload")) {
        json = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    if (json == null) {
      throw new IllegalArgumentException("expected a form body payload=<JSON> (block_actions)");
    }
    String type;
    try {
      type = new JsonObject(json).getString("type", "");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("payload is not a JSON object");
    }
    if (!"block_actions".equals(type)) {
      throw new IllegalArgumentException("payload type " + type + ": only block_actions is taken");
    }
    BlockActionPayload p = GsonFactory.createSnakeCase().fromJson(json, BlockActionPayload.class);
    if (p.getActions() == null || p.getActions().isEmpty()) {
      throw new IllegalArgumentException("block_actions without actions");
    }
    return p;
  }
}

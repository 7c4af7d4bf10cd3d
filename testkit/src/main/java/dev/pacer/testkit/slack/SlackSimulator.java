package dev.pacer.testkit.slack;

import dev.pacer.testkit.Contracts;
import dev.pacer.testkit.HttpSimulator;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slack's Web API ({@code chat.postMessage}, {@code chat.update}) and incoming webhooks over real
 * HTTP on a free loopback port, held to {@code shared/contracts/slack}: every payload is checked
 * against {@link BlockKitLimits} and refused with Slack's error when it breaks one; {@code
 * chat.postMessage} answers HTTP 200 with {@code ok} true or false, rate limiting answers {@code
 * 429} with {@code Retry-After}, and a webhook answers {@code ok} or its error as plain text.
 *
 * <p>Fault injection: a per-channel (per-webhook) rate, sticky errors for a channel, the next N
 * calls failing with an error, and a down mode answering 503. Every call is recorded. Thread-safe.
 */
public final class SlackSimulator extends HttpSimulator {
  public static final String TOKEN = "xoxb-pacer-test";
  public static final String WEBHOOK_PATH = "/services/T0PACER/B0PACER/pacer0webhook0secret";

  /** Stands for blocks that are not a JSON array (compared by identity). */
  private static final JsonArray INVALID_BLOCKS = new JsonArray();

  private final Map<String, SlackMessageRecord> messages = new LinkedHashMap<>();
  private final Map<String, String> channelErrors = new HashMap<>();
  private final Deque<String> nextErrors = new ArrayDeque<>();
  private final Map<String, Deque<Long>> recent = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private int rateLimited;
  private int perSecond = Integer.MAX_VALUE;
  private boolean down;
  private long tsCounter;

  private SlackSimulator() {}

  public static Future<SlackSimulator> start(Vertx vertx) {
    return listen(vertx, new SlackSimulator());
  }

  /** The Web API's base, as the Slack SDK's {@code methodsEndpointUrlPrefix} wants it. */
  public String apiUrl() {
    return base() + "/api/";
  }

  public String webhookUrl() {
    return base() + WEBHOOK_PATH;
  }

  // ---- fault injection ----

  /** At most {@code n} messages a second per channel (per webhook); more answer 429. */
  public synchronized void ratePerSecond(int n) {
    perSecond = n;
  }

  /** Every call answers 503 while down, as Slack's edge does in an outage. */
  public synchronized void down(boolean isDown) {
    down = isDown;
  }

  /** Every message to {@code channel} fails with {@code error} (such as channel_not_found). */
  public synchronized void failChannel(String channel, String error) {
    channelErrors.put(channel, error);
  }

  /** The next calls fail with these errors, one each. */
  public synchronized void failNext(String... errors) {
    nextErrors.addAll(List.of(errors));
  }

  // ---- what happened ----

  /** Every message held, in the order they were first posted. */
  /**
   * What Slack sends to the app's Interactivity Request URL when the user {@code userId} ({@code
   * username}) clicks the button {@code actionId} of the message {@code ts}: a {@code
   * block_actions} payload shaped as {@code block_actions_payload_docs.json} (container of type
   * message, the button's {@code value} and {@code action_id}), signed with {@code signingSecret}
   * at {@code epochSeconds}.
   *
   * @throws IllegalStateException when the message has no such button (now)
   */
  public synchronized SlackInteraction click(
      String ts,
      String actionId,
      String userId,
      String username,
      String signingSecret,
      long epochSeconds) {
    SlackMessageRecord m = messages.get(ts);
    if (m == null) {
      throw new IllegalStateException("no message " + ts);
    }
    JsonObject button = null;
    String blockId = "";
    for (Object b : m.blocks() == null ? new JsonArray() : m.blocks()) {
      JsonObject block = (JsonObject) b;
      if (!"actions".equals(block.getString("type"))) {
        continue;
      }
      for (Object e : block.getJsonArray("elements", new JsonArray())) {
        JsonObject el = (JsonObject) e;
        if (actionId.equals(el.getString("action_id"))) {
          button = el;
          blockId = block.getString("block_id", "actions");
        }
      }
    }
    if (button == null) {
      throw new IllegalStateException("message " + ts + " has no button " + actionId + " now");
    }
    String actionTs = epochSeconds + ".000200";
    JsonObject payload =
        new JsonObject()
            .put("type", "block_actions")
            .put("team", new JsonObject().put("id", "T0PACER").put("domain", "pacer"))
            .put(
                "user",
                new JsonObject()
                    .put("id", userId)
                    .put("username", username)
                    .put("team_id", "T0PACER"))
            .put("api_app_id", "A0PACER")
            .put("token", "deprecated-verification-token")
            .put(
                "container",
                new JsonObject()
                    .put("type", "message")
                    .put("message_ts", ts)
                    .put("channel_id", m.channel())
                    .put("is_ephemeral", false))
            .put("trigger_id", "12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3")
            .put("channel", new JsonObject().put("id", m.channel()).put("name", m.channel()))
            .put(
                "message",
                new JsonObject()
                    .put("type", "message")
                    .put("text", m.text())
                    .put("ts", ts)
                    .put("blocks", m.blocks()))
            .put("response_url", base() + "/actions/A0PACER/1/" + ts)
            .put(
                "actions",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("action_id", actionId)
                            .put("block_id", blockId)
                            .put("text", button.getValue("text"))
                            .put("value", button.getString("value"))
                            .put("type", "button")
                            .put("action_ts", actionTs)));
    String body =
        "payload="
            + java.net.URLEncoder.encode(payload.encode(), java.nio.charset.StandardCharsets.UTF_8);
    return SlackInteraction.signed(body, signingSecret, epochSeconds);
  }

  public synchronized List<SlackMessageRecord> messages() {
    return List.copyOf(messages.values());
  }

  public synchronized List<SlackMessageRecord> messages(String channel) {
    return messages.values().stream().filter(m -> m.channel().equals(channel)).toList();
  }

  /** Payloads refused for breaking a limit, each with why. */
  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** How many calls were answered 429. */
  public synchronized int rateLimited() {
    return rateLimited;
  }

  /** Every call: method (or webhook), channel and outcome. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  // ---- HTTP ----

  @Override
  protected void handle(HttpServerRequest req) {
    req.body()
        .onSuccess(
            body -> {
              Answer a;
              synchronized (this) {
                a = answer(req.path(), req.headers(), body.toString(StandardCharsets.UTF_8));
              }
              var resp = req.response().setStatusCode(a.status);
              a.headers.forEach(resp::putHeader);
              resp.end(a.body);
            });
  }

  private record Answer(int status, Map<String, String> headers, String body) {
    static Answer json(int status, JsonObject body) {
      return new Answer(
          status, Map.of("Content-Type", "application/json; charset=utf-8"), body.encode());
    }

    static Answer text(int status, String body) {
      return new Answer(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body);
    }
  }

  private Answer answer(String path, MultiMap headers, String body) {
    boolean webhook = path.startsWith("/services/");
    String method = webhook ? "webhook" : path.replaceFirst("^/api/", "");
    if (down) {
      calls.add(method + " down");
      return Answer.text(503, "Service Unavailable");
    }
    if (webhook) {
      return webhook(path, body);
    }
    if (method.equals("auth.test")) {
      return authTest(headers.get("Authorization"));
    }
    if (!method.equals("chat.postMessage") && !method.equals("chat.update")) {
      calls.add(method + " unknown_method");
      return Answer.json(404, error("unknown_method"));
    }
    String auth = headers.get("Authorization");
    if (auth == null || auth.isBlank()) {
      calls.add(method + " not_authed");
      return Answer.json(200, error("not_authed"));
    }
    if (!auth.equals("Bearer " + TOKEN)) {
      calls.add(method + " invalid_auth");
      return Answer.json(200, error("invalid_auth"));
    }
    Map<String, Object> args = args(headers.get("Content-Type"), body);
    String channel = str(args.get("channel"));
    if (channel.isEmpty()) {
      calls.add(method + " channel_not_found");
      return Answer.json(200, error("channel_not_found"));
    }
    Answer limited = rateLimit(method, channel);
    if (limited != null) {
      return limited;
    }
    String err = !nextErrors.isEmpty() ? nextErrors.poll() : channelErrors.get(channel);
    if (err != null) {
      calls.add(method + " " + channel + " " + err);
      return Answer.json(200, error(err));
    }
    String text = str(args.get("text"));
    JsonArray blocks = blocks(args.get("blocks"));
    if (blocks == INVALID_BLOCKS) {
      return refuse(method, channel, "invalid_blocks_format", "blocks is not a JSON array");
    }
    List<BlockKitLimits.Violation> broken = BlockKitLimits.check(text, blocks);
    if (!broken.isEmpty()) {
      return refuse(method, channel, broken.get(0).error(), broken.toString());
    }
    if (method.equals("chat.update")) {
      return update(channel, str(args.get("ts")), text, blocks);
    }
    String threadTs = str(args.get("thread_ts"));
    if (!threadTs.isEmpty()) {
      SlackMessageRecord parent = messages.get(threadTs);
      if (parent == null || parent.isReply()) {
        // Slack accepts a reply to a reply's ts, but it lands in the parent's thread; a ts that
        // never existed is refused. Pacer must only ever use a parent's ts.
        return refuse(method, channel, "thread_not_found", "thread_ts " + threadTs);
      }
    }
    String ts = nextTs();
    messages.put(
        ts, new SlackMessageRecord(channel, ts, threadTs, text, blocks, "", List.of(text)));
    calls.add(method + " " + channel + " ok");
    JsonObject ok = new JsonObject(Contracts.text("slack/chat_postMessage_response_ok.json"));
    ok.put("channel", channel).put("ts", ts);
    JsonObject m = ok.getJsonObject("message").put("ts", ts).put("text", text);
    m.remove("attachments");
    if (blocks != null) {
      m.put("blocks", blocks);
    }
    if (!threadTs.isEmpty()) {
      m.put("thread_ts", threadTs);
    }
    return Answer.json(200, ok);
  }

  /** Slack's {@code auth.test}: who the token is (the documented answer), or why it is not. */
  private Answer authTest(String auth) {
    if (auth == null || auth.isBlank()) {
      calls.add("auth.test not_authed");
      return Answer.json(200, error("not_authed"));
    }
    if (!auth.equals("Bearer " + TOKEN)) {
      calls.add("auth.test invalid_auth");
      return Answer.json(200, error("invalid_auth"));
    }
    calls.add("auth.test ok");
    return Answer.json(
        200,
        new JsonObject()
            .put("ok", true)
            .put("url", "https://subarachnoid.slack.com/")
            .put("team", "Subarachnoid Workspace")
            .put("user", "pacer")
            .put("team_id", "T12345678")
            .put("user_id", "W12345678")
            .put("bot_id", "B12345678")
            .put("is_enterprise_install", false));
  }

  private Answer update(String channel, String ts, String text, JsonArray blocks) {
    SlackMessageRecord old = messages.get(ts);
    if (old == null || !old.channel().equals(channel) || !old.webhook().isEmpty()) {
      calls.add("chat.update " + channel + " message_not_found");
      return Answer.json(200, error("message_not_found"));
    }
    List<String> history = new ArrayList<>(old.history());
    history.add(text);
    messages.put(
        ts,
        new SlackMessageRecord(
            channel, ts, old.threadTs(), text, blocks, "", List.copyOf(history)));
    calls.add("chat.update " + channel + " ok");
    return Answer.json(
        200,
        new JsonObject()
            .put("ok", true)
            .put("channel", channel)
            .put("ts", ts)
            .put("text", text)
            .put("message", new JsonObject().put("text", text).put("blocks", blocks)));
  }

  private Answer webhook(String path, String body) {
    if (!path.equals(WEBHOOK_PATH)) {
      calls.add("webhook no_service");
      return Answer.text(404, "no_service");
    }
    Answer limited = rateLimit("webhook", path);
    if (limited != null) {
      return limited;
    }
    if (!nextErrors.isEmpty()) {
      String err = nextErrors.poll();
      calls.add("webhook " + err);
      return Answer.text(webhookStatus(err), err);
    }
    JsonObject payload;
    try {
      payload = new JsonObject(body);
    } catch (RuntimeException e) {
      calls.add("webhook invalid_payload");
      return Answer.text(400, "invalid_payload");
    }
    JsonArray blocks = blocks(payload.getValue("blocks"));
    String text = str(payload.getValue("text"));
    List<BlockKitLimits.Violation> broken =
        blocks == INVALID_BLOCKS
            ? List.of(new BlockKitLimits.Violation("invalid_blocks_format", "blocks"))
            : BlockKitLimits.check(text, blocks);
    if (!broken.isEmpty()) {
      violations.add("webhook: " + broken);
      calls.add("webhook " + broken.get(0).error());
      return Answer.text(400, broken.get(0).error());
    }
    String ts = nextTs();
    messages.put(ts, new SlackMessageRecord("webhook", ts, "", text, blocks, path, List.of(text)));
    calls.add("webhook ok");
    return Answer.text(200, "ok");
  }

  private static int webhookStatus(String error) {
    return switch (error) {
      case "channel_not_found", "no_service", "no_team" -> 404;
      case "channel_is_archived", "team_disabled" -> 410;
      case "action_prohibited", "invalid_token", "posting_to_general_channel_denied" -> 403;
      case "rollup_error" -> 500;
      default -> 400;
    };
  }

  /** A 429 when this call would pass {@link #perSecond} in the last second for its channel. */
  private Answer rateLimit(String method, String channel) {
    long now = System.nanoTime();
    Deque<Long> times = recent.computeIfAbsent(channel, c -> new ArrayDeque<>());
    while (!times.isEmpty() && now - times.peekFirst() >= 1_000_000_000L) {
      times.pollFirst();
    }
    if (times.size() >= perSecond) {
      rateLimited++;
      calls.add(method + " " + channel + " 429");
      long waitNanos = 1_000_000_000L - (now - times.peekFirst());
      String retryAfter = String.valueOf(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
      return method.equals("webhook")
          ? new Answer(429, Map.of("Retry-After", retryAfter), "rate_limited")
          : new Answer(
              429,
              Map.of("Retry-After", retryAfter, "Content-Type", "application/json; charset=utf-8"),
              error("ratelimited").encode());
    }
    times.addLast(now);
    return null;
  }

  private Answer refuse(String method, String channel, String error, String why) {
    violations.add(method + " " + channel + ": " + why);
    calls.add(method + " " + channel + " " + error);
    return Answer.json(200, error(error));
  }

  private String nextTs() {
    tsCounter++;
    return String.format("1700000000.%06d", tsCounter);
  }

  private static JsonObject error(String code) {
    JsonObject e = new JsonObject(Contracts.text("slack/chat_postMessage_response_error.json"));
    return e.put("error", code);
  }

  /** The call's arguments, form-encoded (as the Slack SDK sends them) or JSON. */
  private static Map<String, Object> args(String contentType, String body) {
    if (contentType != null && contentType.startsWith("application/json")) {
      try {
        return new JsonObject(body).getMap();
      } catch (RuntimeException e) {
        return Map.of();
      }
    }
    return new HashMap<>(form(body));
  }

  /** Blocks given as a JSON string (form) or an array (JSON); null for none. */
  private static JsonArray blocks(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof JsonArray a) {
      return a;
    }
    if (o instanceof List<?> l) {
      return new JsonArray(new ArrayList<>(l));
    }
    try {
      return new JsonArray(o.toString());
    } catch (RuntimeException e) {
      return INVALID_BLOCKS;
    }
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}

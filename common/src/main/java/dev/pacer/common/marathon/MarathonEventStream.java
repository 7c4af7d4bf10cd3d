package dev.pacer.common.marathon;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.retry.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Marathon's {@code GET /v2/events}. Sends exactly {@code Accept: text/event-stream} (Jetty
 * answers anything else with 405), follows a standby's 302 to the leader, and reconnects with
 * backoff, moving through the configured URLs, when the stream ends, fails or goes silent longer
 * than the idle timeout. Marathon replays nothing after a reconnect, so every (re)connect calls
 * {@code onConnected}, the resync hook. Events go to {@code onEvent} in stream order; while too
 * many of its futures are pending the stream is paused, so a slow backbone slows Marathon's sender
 * instead of filling memory.
 */
public final class MarathonEventStream {
  private static final Logger LOG = LoggerFactory.getLogger(MarathonEventStream.class);
  private static final int MAX_REDIRECTS = 5;
  private static final int PAUSE_ABOVE = 256;
  private static final int RESUME_BELOW = 64;

  private final Vertx vertx;
  private final PacerConfig.Marathon settings;
  private final List<String> eventTypes;
  private final Function<MarathonEvent, Future<Void>> onEvent;
  private final Supplier<Future<Void>> onConnected;
  private final HttpClient client;
  private final Backoff backoff;
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final Promise<Void> firstAttempt = Promise.promise();

  private boolean running;
  private long generation;
  private int failures;
  private int urlIndex;
  private HttpClientRequest current;
  private HttpClientResponse response;
  private long lastByteNanos;
  private long watchdog = -1;
  private long reconnectTimer = -1;
  private int outstanding;
  private boolean connected;
  private volatile String lastError;
  private volatile String lastErrorAt;

  public MarathonEventStream(
      Vertx vertx,
      PacerConfig.Marathon settings,
      List<String> eventTypes,
      Function<MarathonEvent, Future<Void>> onEvent,
      Supplier<Future<Void>> onConnected) {
    this.vertx = vertx;
    this.settings = settings;
    this.eventTypes = List.copyOf(eventTypes);
    this.onEvent = onEvent;
    this.onConnected = onConnected;
    HttpClientOptions options =
        new HttpClientOptions()
            .setConnectTimeout((int) settings.connectTimeout().toMillis())
            .setKeepAlive(false);
    if (settings.caFile() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(settings.caFile().toString()));
    }
    this.client = vertx.createHttpClient(options);
    this.backoff = new Backoff(settings.reconnectBackoff(), settings.reconnectBackoffMax());
  }

  /** Starts connecting; must be called on the owning Vert.x context. */
  public void start() {
    running = true;
    long period = Math.max(50, settings.eventsIdleTimeout().toMillis() / 4);
    watchdog = vertx.setPeriodic(period, t -> checkIdle());
    connect();
  }

  public Future<Void> stop() {
    running = false;
    generation++;
    vertx.cancelTimer(watchdog);
    vertx.cancelTimer(reconnectTimer);
    if (current != null) {
      current.reset();
    }
    connected = false;
    firstAttempt.tryComplete();
    return client.close();
  }

  /** Completes when the first attempt to attach ended, attached or not (or the stream stopped). */
  public Future<Void> firstAttempt() {
    return firstAttempt.future();
  }

  public boolean connected() {
    return connected;
  }

  /** How many times a stream was opened (200 received), for tests and /status. */
  public long connects() {
    return connects.get();
  }

  public long eventsReceived() {
    return events.get();
  }

  /** Why the stream was lost last, or null if it never was; kept after a reconnect. */
  public String lastError() {
    return lastError;
  }

  /** When {@link #lastError()} happened (ISO-8601), or null. */
  public String lastErrorAt() {
    return lastErrorAt;
  }

  String eventsUrl(URI base) {
    String q =
        eventTypes.stream()
            .map(t -> "event_type=" + URLEncoder.encode(t, StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return base + "/v2/events" + (q.isEmpty() ? "" : "?" + q);
  }

  private void connect() {
    if (!running) {
      return;
    }
    List<URI> urls = settings.urls();
    URI base = urls.get(urlIndex % urls.size());
    open(eventsUrl(base), MAX_REDIRECTS, ++generation);
  }

  private void open(String url, int redirectsLeft, long gen) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(url)
            .setFollowRedirects(false)
            .putHeader("Accept", "text/event-stream");
    String authorization = MarathonTransport.authorizationHeader(settings);
    if (authorization != null) {
      options.putHeader("Authorization", authorization);
    }
    client
        .request(options)
        .compose(
            req -> {
              current = req;
              return req.send();
            })
        .onComplete(
            ar -> {
              if (gen != generation || !running) {
                return;
              }
              if (ar.failed()) {
                disconnected(gen, "cannot reach " + url + ": " + ar.cause().getMessage());
                return;
              }
              HttpClientResponse resp = ar.result();
              int status = resp.statusCode();
              String location = resp.getHeader("Location");
              if (status >= 300 && status < 400 && location != null) {
                resp.handler(b -> {});
                current.reset();
                if (redirectsLeft == 0) {
                  disconnected(gen, "too many redirects from " + url);
                  return;
                }
                String next = URI.create(url).resolve(location).toString();
                LOG.info(
                    "Marathon event stream: {} redirects to {} (standby to leader)", url, next);
                open(next, redirectsLeft - 1, gen);
                return;
              }
              if (status != 200) {
                resp.handler(b -> {});
                disconnected(gen, url + " answered " + status + " " + resp.statusMessage());
                return;
              }
              attached(resp, url, gen);
            });
  }

  private void attached(HttpClientResponse resp, String url, long gen) {
    response = resp;
    connected = true;
    failures = 0;
    connects.incrementAndGet();
    lastByteNanos = System.nanoTime();
    SseParser parser = new SseParser();
    LOG.info("Marathon event stream attached at {}", url);
    resp.handler(buf -> onBytes(parser, buf, gen));
    resp.endHandler(v -> disconnected(gen, "stream ended by " + url));
    resp.exceptionHandler(
        e -> disconnected(gen, "stream from " + url + " failed: " + e.getMessage()));
    onConnected.get().onFailure(e -> LOG.warn("resync after (re)connect failed: {}", e.toString()));
    firstAttempt.tryComplete(); // after onConnected counted the attach
  }

  private void onBytes(SseParser parser, Buffer buf, long gen) {
    if (gen != generation) {
      return;
    }
    lastByteNanos = System.nanoTime();
    for (SseParser.SseEvent sse : parser.feed(buf.getBytes())) {
      MarathonEvent event;
      try {
        event = MarathonEvents.decode(sse);
      } catch (IllegalArgumentException e) {
        LOG.warn("Marathon event skipped: {}", e.getMessage());
        continue;
      }
      events.incrementAndGet();
      outstanding++;
      if (outstanding > PAUSE_ABOVE && response != null) {
        response.pause();
      }
      Future<Void> f;
      try {
        f = onEvent.apply(event);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(
          ar -> {
            outstanding--;
            if (ar.failed()) {
              LOG.warn(
                  "Marathon event {} for {} not relayed: {}",
                  event.eventType(),
                  event.appIds(),
                  ar.cause().toString());
            }
            if (outstanding < RESUME_BELOW && response != null && gen == generation) {
              response.resume();
            }
          });
    }
  }

  private void checkIdle() {
    if (!connected || response == null) {
      return;
    }
    long silentMs = (System.nanoTime() - lastByteNanos) / 1_000_000;
    if (silentMs > settings.eventsIdleTimeout().toMillis() && outstanding < PAUSE_ABOVE) {
      current.reset();
      disconnected(generation, "no byte, not even a heartbeat, for " + silentMs + " ms");
    }
  }

  private void disconnected(long gen, String why) {
    if (gen != generation || !running) {
      return;
    }
    generation++;
    connected = false;
    response = null;
    failures++;
    urlIndex++;
    lastError = why;
    lastErrorAt = java.time.Instant.now().toString();
    long delay = backoff.delayMillis(failures);
    LOG.warn("Marathon event stream lost ({}); reconnecting in {} ms", why, delay);
    firstAttempt.tryComplete();
    reconnectTimer = vertx.setTimer(delay, t -> connect());
  }
}

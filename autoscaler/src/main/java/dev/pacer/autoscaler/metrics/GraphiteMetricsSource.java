package dev.pacer.autoscaler.metrics;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads metrics from Graphite's render API with OkHttp. Up to {@code batchSize} apps' targets go in
 * one form POST, built by {@link RenderTargets} so every series maps back to its app whatever
 * Graphite names it; at most {@code parallelism} requests run at once; {@code noCache} so
 * graphite-web's 60 s cache never hides a change; {@code from} is the longest window in the batch,
 * each app then keeping its own. One bad target spoils a whole request (400 for an unknown
 * function, 500 for a wrong argument), so a refused batch is halved until the bad targets stand
 * alone and only their apps hold. Every failure becomes {@link Sample.NoData} with its reason.
 */
public final class GraphiteMetricsSource implements MetricsSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraphiteMetricsSource.class);
  private static final int EXCERPT = 200;

  private final OkHttpClient client;
  private final String renderUrl;
  private final int batchSize;
  private final Duration staleAfter;
  private final Clock clock;
  private final AtomicLong requests = new AtomicLong();
  private final io.micrometer.core.instrument.MeterRegistry meters;

  public GraphiteMetricsSource(
      String url,
      int batchSize,
      int parallelism,
      Duration timeout,
      Duration staleAfter,
      Clock clock) {
    this(
        url,
        batchSize,
        parallelism,
        timeout,
        staleAfter,
        clock,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /** {@code meters} gets {@code pacer.autoscaler.graphite.requests{outcome}}, a timer. */
  public GraphiteMetricsSource(
      String url,
      int batchSize,
      int parallelism,
      Duration timeout,
      Duration staleAfter,
      Clock clock,
      io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
    for (String outcome : new String[] {"ok", "http_error", "no_answer"}) {
      requestTimer(outcome);
    }
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(parallelism);
    dispatcher.setMaxRequestsPerHost(parallelism);
    this.client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectTimeout(timeout)
            .callTimeout(timeout)
            .retryOnConnectionFailure(false)
            .build();
    this.renderUrl = url.replaceAll("/+$", "") + "/render";
    this.batchSize = batchSize;
    this.staleAfter = staleAfter;
    this.clock = clock;
  }

  @Override
  public Future<Map<String, Sample>> samples(List<MetricQuery> queries) {
    Context context = io.vertx.core.Vertx.currentContext();
    List<Future<Answer>> batches = new ArrayList<>();
    for (int i = 0; i < queries.size(); i += batchSize) {
      batches.add(
          fetch(context, queries.subList(i, Math.min(queries.size(), i + batchSize)), true));
    }
    return Future.all(batches)
        .map(
            all -> {
              Map<String, Sample> out = new HashMap<>();
              for (int i = 0; i < all.size(); i++) {
                out.putAll(all.<Answer>resultAt(i).samples());
              }
              warnOnce(out);
              return out;
            });
  }

  @Override
  public long requests() {
    return requests.get();
  }

  /** One line per read when Graphite failed some apps, not one per batch or per app. */
  private static void warnOnce(Map<String, Sample> samples) {
    long failed = 0;
    String first = null;
    for (Sample s : samples.values()) {
      if (s instanceof Sample.NoData n && n.reason().startsWith("Graphite ")) {
        failed++;
        first = first == null ? n.reason() : first;
      }
    }
    if (failed > 0) {
      LOG.warn("graphite failed {} of {} apps' metrics, e.g.: {}", failed, samples.size(), first);
    }
  }

  private io.micrometer.core.instrument.Timer requestTimer(String outcome) {
    return io.micrometer.core.instrument.Timer.builder("pacer.autoscaler.graphite.requests")
        .description("render requests to Graphite, until the answer's headers")
        .tag("outcome", outcome)
        .register(meters);
  }

  /** A batch's samples; {@code serverError} when Graphite answered it with a 5xx. */
  private record Answer(Map<String, Sample> samples, boolean serverError) {}

  private Future<Answer> fetch(
      Context context, List<MetricQuery> batch, boolean splitOnServerError) {
    Promise<Answer> promise = Promise.promise();
    requests.incrementAndGet();
    long sent = System.nanoTime();
    client
        .newCall(request(batch))
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                requestTimer("no_answer")
                    .record(System.nanoTime() - sent, java.util.concurrent.TimeUnit.NANOSECONDS);
                String reason = "Graphite did not answer: " + describe(e);
                LOG.debug("graphite batch of {} failed: {}", batch.size(), reason);
                finish(context, promise, new Answer(all(batch, reason), false));
              }

              @Override
              public void onResponse(Call call, Response response) {
                requestTimer(response.isSuccessful() ? "ok" : "http_error")
                    .record(System.nanoTime() - sent, java.util.concurrent.TimeUnit.NANOSECONDS);
                Answer answer;
                try (response) {
                  answer = answer(batch, response, splitOnServerError);
                } catch (IOException | RuntimeException e) {
                  answer = new Answer(all(batch, "Graphite's answer was unreadable: " + e), false);
                }
                Answer a = answer;
                if (a != null) {
                  finish(context, promise, a);
                } else {
                  run(context, () -> split(context, batch).onComplete(promise));
                }
              }
            });
    return promise.future();
  }

  /** The batch's answer, or null when it must be split to find the target that spoils it. */
  private Answer answer(List<MetricQuery> batch, Response response, boolean splitOnServerError)
      throws IOException {
    ResponseBody body = response.body();
    int code = response.code();
    if (code == 200 && body != null) {
      return new Answer(reduce(batch, GraphiteRenderParser.parse(body.byteStream())), false);
    }
    String excerpt = body == null ? "" : excerpt(body.string());
    if ((code == 400 || (code >= 500 && splitOnServerError)) && batch.size() > 1) {
      // One bad target spoils a whole batch: graphite-web answers 400 for an unknown function,
      // 500 for a function given a wrong argument.
      return null;
    }
    String reason =
        code == 400
            ? "Graphite refused the target: " + excerpt
            : "Graphite answered " + code + (excerpt.isEmpty() ? "" : ": " + excerpt);
    LOG.debug("graphite batch of {} failed: {}", batch.size(), reason);
    return new Answer(all(batch, reason), code >= 500);
  }

  /**
   * Halves a refused batch until the bad targets stand alone. When both halves fail with a 5xx,
   * Graphite itself is failing: stop there rather than send it ever more requests.
   */
  private Future<Answer> split(Context context, List<MetricQuery> batch) {
    int half = batch.size() / 2;
    List<MetricQuery> left = batch.subList(0, half);
    List<MetricQuery> right = batch.subList(half, batch.size());
    return Future.all(fetch(context, left, false), fetch(context, right, false))
        .compose(
            both -> {
              Answer l = both.resultAt(0);
              Answer r = both.resultAt(1);
              if (l.serverError() && r.serverError()) {
                return Future.succeededFuture(merge(l, r, true));
              }
              Future<Answer> lf =
                  l.serverError() && left.size() > 1
                      ? split(context, left)
                      : Future.succeededFuture(l);
              Future<Answer> rf =
                  r.serverError() && right.size() > 1
                      ? split(context, right)
                      : Future.succeededFuture(r);
              return Future.all(lf, rf).map(x -> merge(x.resultAt(0), x.resultAt(1), false));
            });
  }

  private static Answer merge(Answer a, Answer b, boolean serverError) {
    Map<String, Sample> m = new HashMap<>(a.samples());
    m.putAll(b.samples());
    return new Answer(m, serverError);
  }

  private Map<String, Sample> reduce(List<MetricQuery> batch, List<Series> series) {
    Map<String, List<Series>> byKey = new HashMap<>();
    for (Series s : series) {
      byKey.computeIfAbsent(s.target(), k -> new ArrayList<>(1)).add(s);
    }
    Instant now = clock.instant();
    RenderTargets names = new RenderTargets(batch);
    Map<String, Sample> out = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      MetricQuery q = batch.get(i);
      out.put(
          q.key(),
          SampleReducer.reduce(
              byKey.getOrDefault(names.key(i), List.of()),
              q.window(),
              q.aggregation(),
              staleAfter,
              now));
    }
    return out;
  }

  private Request request(List<MetricQuery> batch) {
    FormBody.Builder form = new FormBody.Builder();
    long from = 1;
    for (MetricQuery q : batch) {
      from = Math.max(from, q.window().toSeconds());
    }
    new RenderTargets(batch).targets().forEach(t -> form.add("target", t));
    form.add("format", "json")
        .add("from", "-" + from + "s")
        .add("until", "now")
        .add("noCache", "true");
    return new Request.Builder().url(renderUrl).post(form.build()).build();
  }

  private static Map<String, Sample> all(List<MetricQuery> batch, String reason) {
    Map<String, Sample> out = new HashMap<>();
    Sample none = new Sample.NoData(reason);
    batch.forEach(q -> out.put(q.key(), none));
    return out;
  }

  private static <T> void finish(Context context, Promise<T> promise, T value) {
    run(context, () -> promise.tryComplete(value));
  }

  private static void run(Context context, Runnable r) {
    if (context == null) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  /** In words, as a person reads it in /status and Slack: "connection refused", "timed out". */
  private static String describe(IOException e) {
    return dev.pacer.common.runtime.Probes.why(e);
  }

  private static String excerpt(String body) {
    String text =
        body.replaceAll("<[^>]*>", " ")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .replaceAll("\\s+", " ")
            .strip();
    return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text;
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}

package dev.pacer.autoscaler.backtest.run;

import dev.pacer.autoscaler.metrics.GraphiteRenderParser;
import dev.pacer.autoscaler.metrics.Series;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Reads a metric's history from graphite-web: one render request per target for the whole range
 * ({@code from} and {@code until} as epoch seconds, {@code noCache}), at the resolution of the
 * archive that covers it. Thread-safe; counts its requests and the time spent in them.
 */
public final class GraphiteHistory implements AutoCloseable {
  private final OkHttpClient client;
  private final String renderUrl;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();

  public GraphiteHistory(String url, Duration timeout) {
    this.client =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .callTimeout(timeout)
            .readTimeout(timeout)
            .build();
    this.renderUrl = url.replaceAll("/+$", "") + "/render";
  }

  /**
   * The target's series over {@code [from, until]}; empty when Graphite has no series for it.
   *
   * @throws IOException when Graphite cannot be reached, answers an error, or the target matches
   *     several series (it must be one: wrap it in averageSeries(), maxSeries() or sumSeries())
   */
  public Optional<Series> fetch(String target, Instant from, Instant until) throws IOException {
    Request request =
        new Request.Builder()
            .url(renderUrl)
            .post(
                new FormBody.Builder()
                    .add("target", target)
                    .add("format", "json")
                    .add("from", String.valueOf(from.getEpochSecond()))
                    .add("until", String.valueOf(until.getEpochSecond()))
                    .add("noCache", "true")
                    .build())
            .build();
    long started = System.nanoTime();
    requests.incrementAndGet();
    try (Response r = client.newCall(request).execute()) {
      ResponseBody body = r.body();
      if (!r.isSuccessful()) {
        String text = body == null ? "" : body.string();
        throw new IOException(
            "Graphite answered "
                + r.code()
                + " to the render of "
                + target
                + ": "
                + text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip());
      }
      List<Series> series;
      try (InputStream in = body.byteStream()) {
        series = GraphiteRenderParser.parse(in);
      }
      if (series.size() > 1) {
        throw new IOException(
            target
                + " matched "
                + series.size()
                + " series; wrap it in averageSeries(), maxSeries() or sumSeries()");
      }
      return series.stream().findFirst();
    } catch (IOException e) {
      if (e.getMessage() != null
          && (e.getMessage().startsWith("Graphite answered")
              || e.getMessage().startsWith(target))) {
        throw e;
      }
      throw new IOException("cannot read " + target + " from " + renderUrl + ": " + describe(e), e);
    } finally {
      nanos.addAndGet(System.nanoTime() - started);
    }
  }

  private static String describe(IOException e) {
    return dev.pacer.common.runtime.Probes.why(e);
  }

  public long requests() {
    return requests.get();
  }

  /** The time spent in render requests, summed over threads. */
  public Duration spent() {
    return Duration.ofNanos(nanos.get());
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}

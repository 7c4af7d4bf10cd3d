package dev.pacer.common.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/** Probes built from plain reads: an HTTP GET, a TCP connect, any future. */
public final class Probes {
  private Probes() {}

  /** How long one probe may take, in {@code pacer check} and in {@code /ready}. */
  public static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** A probe that runs {@code run}, with nothing to close but {@code closer}. */
  public static Probe of(
      String name, String what, boolean readiness, Supplier<Future<String>> run, Runnable closer) {
    return new Probe() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String what() {
        return what;
      }

      @Override
      public boolean readiness() {
        return readiness;
      }

      @Override
      public Future<String> run() {
        try {
          return run.get();
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      }

      @Override
      public void close() {
        closer.run();
      }
    };
  }

  /**
   * {@code GET url} (with {@code headers}): up when {@code ok} takes the status; {@code detail}
   * says what the answer showed. Redirects are not followed unless {@code follow}.
   */
  public static Probe httpGet(
      Vertx vertx,
      String name,
      String what,
      boolean readiness,
      URI url,
      Map<String, String> headers,
      IntPredicate ok,
      Function<HttpResponse<Buffer>, String> detail,
      WebClientOptions options) {
    WebClient client =
        WebClient.create(
            vertx,
            options
                .setConnectTimeout((int) TIMEOUT.toMillis())
                .setUserAgent("pacer-check")
                .setFollowRedirects(false));
    return of(
        name,
        what,
        readiness,
        () -> {
          var req = client.requestAbs(HttpMethod.GET, url.toString()).timeout(TIMEOUT.toMillis());
          headers.forEach(req::putHeader);
          return req.send()
              .recover(e -> Future.failedFuture(new Failure(why(e), e)))
              .compose(
                  r ->
                      ok.test(r.statusCode())
                          ? Future.succeededFuture(detail.apply(r))
                          : Future.failedFuture(
                              new Failure(
                                  "answered " + r.statusCode() + " " + brief(r.bodyAsString()),
                                  null)));
        },
        client::close);
  }

  /** Opens a TCP (or TLS) connection to {@code host:port} and closes it: nothing is sent. */
  public static Probe connect(
      Vertx vertx,
      String name,
      String what,
      boolean readiness,
      String host,
      int port,
      boolean tls) {
    NetClient client =
        vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) TIMEOUT.toMillis()));
    return of(
        name,
        what,
        readiness,
        () ->
            client
                .connect(
                    new io.vertx.core.net.ConnectOptions()
                        .setHost(host)
                        .setPort(port)
                        .setSsl(tls)
                        .setSslOptions(
                            tls
                                ? new io.vertx.core.net.ClientSSLOptions()
                                    .setHostnameVerificationAlgorithm("HTTPS")
                                : null))
                .recover(e -> Future.failedFuture(new Failure(why(e), e)))
                .compose(
                    s ->
                        s.close()
                            .map(
                                "connected to "
                                    + host
                                    + ":"
                                    + port
                                    + (tls ? " (TLS handshake done)" : ""))),
        client::close);
  }

  /** A failure already said in words by {@link #why}: said as it is. */
  public static final class Failure extends IllegalStateException {
    public Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An expected failure to reach something, in a few words: refused, unknown host, timed out. */
  public static String why(Throwable e) {
    if (e instanceof Failure) {
      return e.getMessage();
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage() == null ? "" : c.getMessage();
      String lower = m.toLowerCase(java.util.Locale.ROOT);
      if (c instanceof java.net.UnknownHostException
          || c instanceof java.nio.channels.UnresolvedAddressException
          || lower.contains("failed to resolve")
          || lower.contains("unknownhost")
          || lower.contains("name or service not known")) {
        java.util.regex.Matcher host = java.util.regex.Pattern.compile("'([^']+)'").matcher(m);
        return "unknown host" + (host.find() ? " " + host.group(1) : "");
      }
      if (lower.contains("connection refused")) {
        return "connection refused";
      }
      if (c instanceof java.util.concurrent.TimeoutException
          || c instanceof io.netty.channel.ConnectTimeoutException
          || lower.contains("timed out")
          || lower.contains("timeout")) {
        return "timed out" + (m.isEmpty() ? "" : " (" + m + ")");
      }
      if (c instanceof javax.net.ssl.SSLException) {
        return "TLS failed: " + m;
      }
      if (lower.contains("unable to load credentials")) {
        return "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile"
            + " (AWS_PROFILE), or give the machine an instance role";
      }
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException) {
        return "cannot connect" + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")");
      }
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }

  /** The start of a body, on one line. */
  public static String brief(String body) {
    String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return b.length() > 160 ? b.substring(0, 160) + "…" : b;
  }
}

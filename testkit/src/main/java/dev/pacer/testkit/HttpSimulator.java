package dev.pacer.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * What the simulators of an HTTP API share: a server on a free loopback port that hands every
 * request to {@link #handle}, its base URL, and {@link #close()}.
 */
public abstract class HttpSimulator {
  private HttpServer server;

  /** Starts {@code sim}'s server; completes with {@code sim} once it listens. */
  protected static <S extends HttpSimulator> Future<S> listen(Vertx vertx, S sim) {
    return vertx
        .createHttpServer()
        .requestHandler(sim::handle)
        .listen(0, "127.0.0.1")
        .map(
            s -> {
              ((HttpSimulator) sim).server = s;
              return sim;
            });
  }

  protected abstract void handle(HttpServerRequest req);

  protected final int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  protected final String base() {
    return "http://127.0.0.1:" + port();
  }

  public Future<Void> close() {
    return server.close();
  }

  /** An {@code application/x-www-form-urlencoded} body, its names and values decoded. */
  protected static java.util.Map<String, String> form(String body) {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(
            java.net.URLDecoder.decode(
                pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(
                pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return m;
  }
}

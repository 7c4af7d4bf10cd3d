package dev.pacer.common.runtime;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.lifecycle.ShutdownSequence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** The admin API's HTTP server: listens, is closed by the shutdown, names the key on failure. */
final class HttpListen {
  private HttpListen() {}

  static Future<HttpServer> listen(
      Vertx vertx, Router router, PacerConfig.Http http, ShutdownSequence shutdown) {
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(http.port(), http.host())
        .map(
            s -> {
              shutdown.onShutdown("http server", s::close);
              return s;
            })
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot listen on "
                            + http.host()
                            + ":"
                            + http.port()
                            + " (pacer.http.port): "
                            + e.getMessage(),
                        e)));
  }
}

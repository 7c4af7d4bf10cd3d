package dev.pacer.testkit;

import static dev.pacer.testkit.Await.result;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;

/** A simulator's test over raw HTTP: a Vert.x of its own and a client, closed after each test. */
public abstract class OverHttp {
  protected final Vertx vertx = Vertx.vertx();
  protected final WebClient http = WebClient.create(vertx);

  @AfterEach
  void closeVertx() {
    result(vertx.close());
  }
}

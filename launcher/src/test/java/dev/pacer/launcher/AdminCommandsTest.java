package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.testkit.servers.Ports;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The runbook commands' client side: the URL an operator types, and what a failure says. */
class AdminCommandsTest {
  private static AdminCommands.Target target(String url) {
    AdminCommands.Target t = new AdminCommands.Target();
    t.url = url;
    return t;
  }

  @Test
  void hostPortATrailingSlashAndATrailingStatusAreAllTheSameAdminUrl() {
    assertThat(target("pacer.example.internal:8090").url())
        .isEqualTo("http://pacer.example.internal:8090");
    assertThat(target("http://pacer:8090/status").url()).isEqualTo("http://pacer:8090");
    assertThat(target("http://pacer:8090/status/").url()).isEqualTo("http://pacer:8090");
    assertThat(target("https://pacer/admin/").url()).isEqualTo("https://pacer/admin");
    assertThat(target("127.0.0.1:8090/status").url()).isEqualTo("http://127.0.0.1:8090");
  }

  @Test
  void aUrlThatIsNoneIsRefusedNamingWhatWasGiven() {
    assertThatThrownBy(() -> target("ftp://pacer:21").url())
        .hasMessage("--url 'ftp://pacer:21': only http:// and https:// are served");
    assertThatThrownBy(() -> target("http://pa cer:8090").url())
        .hasMessageStartingWith("--url 'http://pa cer:8090' is not a URL: ");
  }

  record Ran(int exit, String out, String err) {}

  private static Ran status(AdminCommands.Target t, boolean json) {
    AdminCommands.Status s = new AdminCommands.Status();
    s.target = t;
    s.json = json;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        s.call(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Ran(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRefusedConnectionNamesTheUrlAndTheCause() {
    int port = Ports.free();
    Ran r = status(target("127.0.0.1:" + port), false);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "pacer: cannot reach http://127.0.0.1:"
                + port
                + ": connection refused (is Pacer running, and on that port?)\n");
  }

  @Test
  void anUnknownHostIsSaidSo() {
    Ran r = status(target("http://no-such-host.invalid:8090/status"), false);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("pacer: cannot reach http://no-such-host.invalid:8090: unknown host\n");
  }

  @Test
  void aPacerThatNeverAnswersTimesOutAfterTimeout() throws Exception {
    // accepts the connection (the backlog does), never answers
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      AdminCommands.Target t = target("127.0.0.1:" + silent.getLocalPort());
      t.timeout = "300ms";
      Ran r = status(t, false);
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err())
          .isEqualTo(
              "pacer: cannot reach http://127.0.0.1:"
                  + silent.getLocalPort()
                  + ": no answer within 300 ms (timed out; --timeout)\n");
    }
  }

  @Test
  void aBadUrlOrTimeoutIsAUsageErrorWithoutAStackTrace() {
    Ran r = status(target("ftp://x"), false);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("pacer: --url 'ftp://x': only http:// and https:// are served\n");
    AdminCommands.Target t = target("127.0.0.1:1");
    t.timeout = "soon";
    Ran bad = status(t, false);
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("pacer: --timeout 'soon' is not a duration (e.g. 30s, 2m)\n");
  }

  /** Runs {@code test} with an HTTP server on a free port that answers with {@code handler}. */
  private static void withServer(
      io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler,
      java.util.function.IntConsumer test) {
    var vertx = io.vertx.core.Vertx.vertx();
    try {
      var server =
          dev.pacer.testkit.Await.result(
              vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1"));
      test.accept(server.actualPort());
    } finally {
      dev.pacer.testkit.Await.result(vertx.close());
    }
  }

  @Test
  void aServerThatIsNotPacerIsSaidSo() {
    withServer(
        r -> r.response().end("<html>hello</html>"),
        port -> {
          Ran r = status(target("127.0.0.1:" + port), false);
          assertThat(r.exit()).isEqualTo(1);
          assertThat(r.err()).contains("/status is not Pacer's JSON: <html>hello</html>");
        });
  }

  @Test
  void statusPrintsTheSummaryAndJsonTheDocumentAsItIs() throws Exception {
    JsonObject doc = StatusSummaryTest.demoStatus();
    withServer(
        r -> r.response().setStatusCode(r.path().equals("/status") ? 200 : 404).end(doc.encode()),
        port -> {
          AdminCommands.Target t = target("127.0.0.1:" + port + "/status");
          Ran human = status(t, false);
          assertThat(human.exit()).isZero();
          assertThat(human.out()).isEqualTo(StatusSummary.render(doc) + "\n");
          Ran json = status(t, true);
          assertThat(json.exit()).isZero();
          assertThat(new JsonObject(json.out())).isEqualTo(doc);
        });
  }
}

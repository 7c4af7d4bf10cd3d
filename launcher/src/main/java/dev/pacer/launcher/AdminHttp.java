package dev.pacer.launcher;

import dev.pacer.common.runtime.ProcessRunner;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The runbook commands' HTTP: one request to the admin API with the token, its answer printed, and
 * a failure to reach it said in words (refused, unknown host, timed out) with exit code 1.
 */
final class AdminHttp {
  private AdminHttp() {}

  static int post(
      AdminCommands.Target target,
      String path,
      JsonObject body,
      PrintStream out,
      PrintStream err,
      java.util.function.Function<JsonObject, String> ok) {
    String base;
    try {
      base = target.url();
      target.timeout();
      target.token();
    } catch (IllegalArgumentException e) {
      err.println("pacer: " + e.getMessage());
      return ProcessRunner.CONFIG_ERROR;
    }
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (!target.token().isEmpty()) {
      req.header("Authorization", "Bearer " + target.token());
    }
    try {
      HttpResponse<String> r = send(req, target);
      JsonObject answer;
      try {
        answer = new JsonObject(r.body());
      } catch (RuntimeException e) {
        answer = new JsonObject().put("error", abbreviate(r.body()));
      }
      if (r.statusCode() != 200) {
        err.println(
            "pacer: "
                + path.substring(path.lastIndexOf('/') + 1)
                + " refused ("
                + r.statusCode()
                + "): "
                + answer.getString("error", abbreviate(r.body())));
        return ProcessRunner.FAILURE;
      }
      out.println(ok.apply(answer));
      return ProcessRunner.OK;
    } catch (IOException e) {
      err.println("pacer: cannot reach " + base + ": " + cause(e, target));
      return ProcessRunner.FAILURE;
    }
  }

  /**
   * {@code GET path} of the admin API, its JSON answer printed by {@code render}; {@code command}
   * names what failed ({@code pacer approvals: …}). Exit codes as {@link #post}.
   */
  static int get(
      AdminCommands.Target target,
      String path,
      String command,
      java.util.function.Function<JsonObject, String> render) {
    String base;
    try {
      base = target.url();
      target.timeout();
    } catch (IllegalArgumentException e) {
      System.err.println(command + ": " + e.getMessage());
      return ProcessRunner.CONFIG_ERROR;
    }
    try {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET(), target);
      if (r.statusCode() != 200) {
        System.err.println(
            command
                + ": "
                + path
                + " answered "
                + r.statusCode()
                + (r.statusCode() == 404 ? " (is the daemon that serves it running there?)" : ""));
        return ProcessRunner.FAILURE;
      }
      System.out.print(render.apply(new JsonObject(r.body())));
      return ProcessRunner.OK;
    } catch (IOException e) {
      System.err.println(command + ": cannot reach " + base + ": " + cause(e, target));
      return ProcessRunner.FAILURE;
    }
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  static HttpResponse<String> send(HttpRequest.Builder req, AdminCommands.Target target)
      throws IOException {
    Duration timeout = target.timeout();
    try {
      return HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT.compareTo(timeout) < 0 ? CONNECT_TIMEOUT : timeout)
          .build()
          .send(req.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Why a request got no answer, in words: refused, unknown host, timed out, ... */
  static String cause(IOException e, AdminCommands.Target target) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.http.HttpConnectTimeoutException) {
        return "no connection within " + human(CONNECT_TIMEOUT) + " (timed out)";
      }
      if (c instanceof java.net.http.HttpTimeoutException) {
        return "no answer within " + human(target.timeout()) + " (timed out; --timeout)";
      }
      if (c instanceof java.nio.channels.UnresolvedAddressException
          || c instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
      if (c instanceof javax.net.ssl.SSLException) {
        return "TLS failed: " + c.getMessage();
      }
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      // Java's HTTP client says a refusal as a ConnectException without a message
      if (c instanceof java.net.ConnectException
          && (c.getMessage() == null
              || c.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused"))) {
        return "connection refused (is Pacer running, and on that port?)";
      }
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        return c.getClass().getSimpleName().replaceAll("Exception$", "") + ": " + c.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  static String abbreviate(String body) {
    String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return b.length() > 200 ? b.substring(0, 200) + "…" : b;
  }
}

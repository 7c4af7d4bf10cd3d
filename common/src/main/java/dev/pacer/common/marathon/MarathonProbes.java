package dev.pacer.common.marathon;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.runtime.Probe;
import dev.pacer.common.runtime.Probes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Marathon's API ({@code /v2/info}) and its event stream, reached read-only. */
public final class MarathonProbes {
  private MarathonProbes() {}

  public static List<Probe> of(Vertx vertx, PacerConfig.Marathon settings, boolean stream) {
    HttpClientOptions options =
        new HttpClientOptions().setConnectTimeout((int) Probes.TIMEOUT.toMillis());
    if (settings.caFile() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(settings.caFile().toString()));
    }
    HttpClient client = vertx.createHttpClient(options);
    String urls = settings.urls().stream().map(URI::toString).collect(Collectors.joining(", "));
    List<Probe> probes = new ArrayList<>();
    probes.add(
        Probes.of(
            "marathon",
            "Marathon " + urls + " (/v2/info)",
            true,
            () ->
                firstOf(
                    settings.urls(),
                    0,
                    new ArrayList<>(),
                    u -> info(client, MarathonTransport.authorizationHeader(settings), u)),
            () -> client.close()));
    if (stream) {
      probes.add(
          Probes.of(
              "marathon events",
              "Marathon's event stream " + urls + " (/v2/events)",
              false,
              () ->
                  firstOf(
                      settings.urls(),
                      0,
                      new ArrayList<>(),
                      u -> events(client, MarathonTransport.authorizationHeader(settings), u, 0)),
              () -> {}));
    }
    return probes;
  }

  private interface Reach {
    Future<String> at(URI url);
  }

  /** The first URL that answers; else every URL's failure. */
  private static Future<String> firstOf(List<URI> urls, int i, List<String> failures, Reach r) {
    if (i >= urls.size()) {
      return Future.failedFuture(String.join("; ", failures));
    }
    URI u = urls.get(i);
    return r.at(u)
        .recover(
            e -> {
              failures.add((urls.size() > 1 ? u + ": " : "") + Probes.why(e));
              return firstOf(urls, i + 1, failures, r);
            });
  }

  private static RequestOptions get(URI base, String path, String auth) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(base.toString().replaceAll("/+$", "") + path)
            .setTimeout(Probes.TIMEOUT.toMillis())
            .putHeader("User-Agent", "pacer-check");
    if (auth != null) {
      o.putHeader("Authorization", auth);
    }
    return o;
  }

  private static Future<String> info(HttpClient client, String auth, URI base) {
    return client
        .request(get(base, "/v2/info", auth).putHeader("Accept", "application/json"))
        .compose(req -> req.send())
        .compose(
            resp ->
                resp.body()
                    .compose(
                        body -> {
                          if (resp.statusCode() != 200) {
                            return Future.failedFuture(
                                "answered "
                                    + resp.statusCode()
                                    + " "
                                    + Probes.brief(body.toString()));
                          }
                          JsonObject i;
                          try {
                            i = body.toJsonObject();
                          } catch (RuntimeException e) {
                            return Future.failedFuture(
                                "answered 200 but not Marathon's JSON: "
                                    + Probes.brief(body.toString()));
                          }
                          return Future.succeededFuture(
                              i.getString("name", "marathon")
                                  + " "
                                  + i.getString("version", "?")
                                  + ", leader "
                                  + i.getString("leader", "none"));
                        }));
  }

  /** Opens the stream, and closes it as soon as its 200 is in: no event is read. */
  private static Future<String> events(HttpClient client, String auth, URI base, int redirects) {
    return client
        .request(get(base, "/v2/events", auth).putHeader("Accept", "text/event-stream"))
        .compose(
            req ->
                req.send()
                    .compose(
                        resp -> {
                          int status = resp.statusCode();
                          String location = resp.getHeader("Location");
                          req.reset();
                          if (status == 200) {
                            return Future.succeededFuture("stream opened at " + base);
                          }
                          if ((status == 302 || status == 307) && location != null) {
                            if (redirects >= 5) {
                              return Future.failedFuture("too many redirects");
                            }
                            URI to = base.resolve(location);
                            return events(
                                client,
                                auth,
                                URI.create(to.getScheme() + "://" + to.getRawAuthority()),
                                redirects + 1);
                          }
                          return Future.failedFuture("answered " + status);
                        }));
  }
}

package dev.pacer.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.common.journal.Explain;
import dev.pacer.common.journal.JournalEntry;
import dev.pacer.common.runtime.ProcessRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pacer explain APP_ID | --pool NAME | --image REF}: the subject's present state and why, in
 * sentences, then its recent decisions; read from a running Pacer's timelines ({@code GET
 * /apps/{id}/timeline}, {@code /pools/{name}/timeline}, {@code /images/{ref}}).
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Say why: an app's instances and image and the decisions behind them, a pool's, or what"
            + " became of a pushed image (and, when it deployed nowhere, the nearest pattern).")
final class ExplainCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin AdminCommands.Target target;

  @Parameters(
      arity = "0..1",
      paramLabel = "APP_ID",
      description = "The Marathon app, e.g. /shop/web.")
  String app;

  @Option(names = "--pool", paramLabel = "NAME", description = "An agent pool instead.")
  String pool;

  @Option(
      names = "--image",
      paramLabel = "REF",
      description = "A pushed image instead, e.g. registry.example.com/shop/web:2.4.1.")
  String image;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "How many recent decisions to list (default 10).")
  int limit = 10;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description = "The time zone of the times said (default: this machine's), e.g. UTC.")
  String zone;

  @Option(names = "--json", description = "Print the timeline document as it is (for jq).")
  boolean json;

  @Override
  public Integer call() {
    return call(System.out, System.err);
  }

  int call(PrintStream out, PrintStream err) {
    int given = (app != null ? 1 : 0) + (pool != null ? 1 : 0) + (image != null ? 1 : 0);
    if (given != 1) {
      err.println("pacer explain: name one of APP_ID, --pool NAME or --image REF");
      return ProcessRunner.CONFIG_ERROR;
    }
    if (limit < 1) {
      err.println("pacer explain: --limit must be positive, got " + limit);
      return ProcessRunner.CONFIG_ERROR;
    }
    String base;
    ZoneId z;
    String path;
    try {
      base = target.url();
      target.timeout();
      z = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
      path =
          app != null
              ? "/apps/" + encodePath(app) + "/timeline"
              : pool != null
                  ? "/pools/" + URLEncoder.encode(pool, StandardCharsets.UTF_8) + "/timeline"
                  : "/images/" + encodePath(image);
    } catch (IllegalArgumentException | DateTimeException e) {
      err.println("pacer explain: " + e.getMessage());
      return ProcessRunner.CONFIG_ERROR;
    }
    String url = base + path + "?limit=" + Math.max(limit, 100);
    try {
      HttpResponse<String> r =
          AdminHttp.send(HttpRequest.newBuilder(URI.create(url)).GET(), target);
      if (r.statusCode() != 200) {
        err.println("pacer explain: " + url + " answered " + r.statusCode() + ": " + r.body());
        return ProcessRunner.FAILURE;
      }
      Map<String, Object> doc;
      try {
        doc =
            JSON.readValue(
                r.body(),
                JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
      } catch (IOException e) {
        err.println(
            "pacer explain: " + url + " is not Pacer's JSON: " + AdminHttp.abbreviate(r.body()));
        return ProcessRunner.FAILURE;
      }
      if (json) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        return ProcessRunner.OK;
      }
      out.print(render(doc, new Explain(z), limit));
      return ProcessRunner.OK;
    } catch (IOException e) {
      err.println("pacer explain: cannot reach " + base + ": " + AdminHttp.cause(e, target));
      return ProcessRunner.FAILURE;
    }
  }

  /** The sentences, then the recent decisions. */
  static String render(Map<String, Object> doc, Explain explain, int limit) {
    String kind = String.valueOf(doc.get("kind"));
    String subject = String.valueOf(doc.get("subject"));
    List<JournalEntry> entries = entries(kind, subject, doc.get("entries"));
    Map<String, Object> state = map(doc.get("state"));
    List<String> said =
        switch (kind) {
          case JournalEntry.POOL -> explain.pool(subject, entries, state);
          case JournalEntry.IMAGE -> explain.image(subject, entries);
          default -> explain.app(subject, entries, state);
        };
    StringBuilder s = new StringBuilder();
    said.forEach(line -> s.append(line).append('\n'));
    if (!entries.isEmpty()) {
      s.append('\n')
          .append("Recent decisions (newest first, ")
          .append(explain.zone())
          .append("):\n");
      entries.stream()
          .limit(limit)
          .forEach(e -> s.append("  ").append(explain.line(e)).append('\n'));
    }
    return s.toString();
  }

  private static List<JournalEntry> entries(String kind, String subject, Object raw) {
    List<JournalEntry> out = new ArrayList<>();
    if (raw instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> e = map(o);
        out.add(
            new JournalEntry(
                kind,
                subject,
                Instant.parse(String.valueOf(e.get("at"))),
                String.valueOf(e.get("type")),
                String.valueOf(e.getOrDefault("event-id", "")),
                map(e.get("data"))));
      }
    }
    return out;
  }

  /** A path's illegal characters encoded (an app id or an image keeps its slashes and colon). */
  private static String encodePath(String p) {
    try {
      return new URI(null, null, p.startsWith("/") ? p.substring(1) : p, null).getRawPath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("'" + p + "' cannot be put in a URL: " + e.getReason(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}

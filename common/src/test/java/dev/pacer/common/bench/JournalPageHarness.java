package dev.pacer.common.bench;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.control.PauseBook;
import dev.pacer.common.events.LocalEventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.common.events.types.EventTypes;
import dev.pacer.common.events.types.ScaleApplied;
import dev.pacer.common.events.types.ScaleEvent;
import dev.pacer.common.events.types.ScaleHeld;
import dev.pacer.common.journal.Journal;
import dev.pacer.common.journal.JournalEntries;
import dev.pacer.common.journal.JournalService;
import dev.pacer.common.journal.StateViews;
import dev.pacer.common.retry.Backoff;
import dev.pacer.common.time.VertxScheduler;
import dev.pacer.common.ui.LiveEvents;
import dev.pacer.common.ui.StatusPage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench journal [APPS [ENTRIES [REQUESTS]]]}: the decision journal and the status page
 * at size. APPS apps (default 10,000), each with an autoscaler state and ENTRIES journal entries
 * (default 1,000) of real scale events over the last six days; then, over HTTP on loopback:
 *
 * <ul>
 *   <li>the overview's first byte ({@code GET /}, the first page of 50 apps of APPS);
 *   <li>one app's timeline ({@code GET /apps/{id}/timeline}, its newest 100 entries, whole body);
 *   <li>the journal's heap (used heap after a full GC, filled less empty);
 *   <li>a decision published on the local backbone until an open page's {@code EventSource}
 *       connection reads it ({@code /ui/events}).
 * </ul>
 */
public final class JournalPageHarness {
  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    Vertx vertx = Vertx.vertx();
    Clock clock = Clock.systemUTC();
    LocalEventBackbone backbone =
        new LocalEventBackbone(
            vertx, 100_000, 64, new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1)));
    await(backbone.start().toCompletionStage().toCompletableFuture());
    JournalService service =
        new JournalService(
            vertx,
            backbone,
            new PacerConfig.Journal(entries, Duration.ofDays(7), 64L << 30),
            java.nio.file.Files.createTempFile("pacer-journal-bench-", ".jsonl"),
            true,
            new VertxScheduler(vertx, clock),
            "journal.bench");
    await(service.start().toCompletionStage().toCompletableFuture());
    StateViews views = new StateViews();
    Map<String, Map<String, Object>> scale = new ConcurrentHashMap<>();
    List<String> ids = new ArrayList<>();
    for (int a = 0; a < apps; a++) {
      String id = String.format("/team-%03d/app-%05d", a % 200, a);
      ids.add(id);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("instances", 2 + a % 7);
      s.put("min", 2);
      s.put("max", 12);
      s.put("target", "mesos.marathon." + id.substring(1).replace('/', '_') + ".cpu_util");
      s.put("down", 0.4);
      s.put("up", 0.7);
      s.put("value", 0.55);
      s.put("reason", "0.55 is inside [0.4, 0.7]");
      s.put("decision", "held");
      s.put("hold", a % 10 == 0 ? "cooldown" : "in_band");
      scale.put(id, s);
    }
    views.app(
        "autoscale",
        new StateViews.Part() {
          @Override
          public Map<String, Object> of(String id) {
            return scale.getOrDefault(id, Map.of());
          }

          @Override
          public Collection<String> ids() {
            return scale.keySet();
          }
        });
    Router router = Router.router(vertx);
    service.mount(router, views);
    LiveEvents live = new LiveEvents();
    service.onRecorded(live::publish);
    new StatusPage(views, service.journal(), new PauseBook(), () -> null, live, clock, "bench")
        .mount(router);
    HttpServer server =
        await(
            vertx
                .createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture());
    String base = "http://127.0.0.1:" + server.actualPort();

    long before = usedAfterGc();
    long t0 = System.nanoTime();
    Journal journal = service.journal();
    Instant now = clock.instant();
    Duration step = Duration.ofSeconds(Math.max(1, 6 * 24 * 3600 / Math.max(1, entries)));
    for (int i = 0; i < entries; i++) {
      Instant at = now.minus(step.multipliedBy(entries - i));
      for (int a = 0; a < apps; a++) {
        String id = ids.get(a);
        double value = 0.2 + ((i * 31 + a) % 70) / 100.0;
        ScaleEvent.Facts f =
            new ScaleEvent.Facts(
                3,
                2,
                12,
                "mesos.marathon." + id.substring(1).replace('/', '_') + ".cpu_util",
                0.4,
                0.7,
                value,
                i % 5 == 0 ? value + " is above up 0.7" : "waits for the cooldown until " + at,
                at.plusSeconds(300),
                at.plusSeconds(900),
                null);
        var data =
            i % 5 == 0 ? new ScaleApplied(f, 4, "d-" + i) : new ScaleHeld(f, "cooldown", false);
        PacerEvent e = EventTypes.event("pacer/bench", id, at, data);
        JournalEntries.of(e).forEach(journal::record);
      }
    }
    long fill = System.nanoTime() - t0;
    long after = usedAfterGc();
    System.out.printf(
        "journal: %,d apps x %,d entries = %,d entries recorded in %.1f s; heap %,.1f MB (%,d bytes"
            + " an entry)%n",
        apps,
        entries,
        journal.size(),
        fill / 1e9,
        (after - before) / 1e6,
        journal.size() == 0 ? 0 : (after - before) / journal.size());

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String someApp = ids.get(apps / 2);
    for (int w = 0; w < 50; w++) { // warm-up
      firstByte(http, base + "/");
      whole(http, base + "/apps" + someApp + "/timeline");
    }
    double[] overview = new double[requests];
    double[] timeline = new double[requests];
    for (int r = 0; r < requests; r++) {
      overview[r] = firstByte(http, base + "/?page=" + (1 + r % 100));
      timeline[r] = whole(http, base + "/apps" + ids.get((r * 7919) % apps) + "/timeline");
    }
    report("overview GET / first byte", overview);
    report("one app's timeline (100 entries, whole body)", timeline);

    // a decision to an open page: publish, read it off the event stream
    HttpResponse<InputStream> stream =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/ui/events")).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    lines.readLine(); // the opening comment
    lines.readLine();
    int decisions = Math.min(requests, 200);
    double[] toPage = new double[decisions];
    for (int d = 0; d < decisions; d++) {
      String id = ids.get((d * 104729) % apps);
      Instant at = clock.instant();
      ScaleEvent.Facts f =
          new ScaleEvent.Facts(3, 2, 12, "t", 0.4, 0.7, 0.91, "0.91 is above up 0.7");
      PacerEvent e = EventTypes.event("pacer/bench", id, at, new ScaleApplied(f, 5, "d-live-" + d));
      long sent = System.nanoTime();
      backbone.publish(Topics.ACTIONS, id, e);
      String line;
      do {
        line = lines.readLine();
      } while (line != null && !line.contains("d-live-" + d) && !line.contains(id));
      toPage[d] = (System.nanoTime() - sent) / 1e6;
      lines.readLine(); // the blank line that ends the event
    }
    report("a decision to an open page (publish to server-sent event read)", toPage);
    System.out.printf(
        "machine: %d cores, %s, Java %s, max heap %,d MB%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    stream.body().close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static double firstByte(HttpClient http, String url) throws Exception {
    long t = System.nanoTime();
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (in.read() < 0 || r.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + r.statusCode());
      }
      double ms = (System.nanoTime() - t) / 1e6;
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return ms;
    }
  }

  private static double whole(HttpClient http, String url) throws Exception {
    long t = System.nanoTime();
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200 || r.body().length < 100) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return (System.nanoTime() - t) / 1e6;
  }

  private static void report(String what, double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    System.out.printf(
        "%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d requests)%n",
        what, s[s.length / 2], s[(int) (s.length * 0.99)], s[s.length - 1], s.length);
  }

  /** Used heap after full collections (System.gc() returns once its stop-the-world GC is done). */
  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }
}

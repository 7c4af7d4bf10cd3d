package dev.pacer.common.ui;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseBook;
import dev.pacer.common.journal.Explain;
import dev.pacer.common.journal.Journal;
import dev.pacer.common.journal.JournalEntry;
import dev.pacer.common.journal.StateViews;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The status page: {@code GET /} (the overview of apps, pools, pauses and the Slack queue, filtered
 * and paginated), {@code GET /ui/apps/{id}} and {@code /ui/pools/{name}} (the subject's sentences,
 * chart and timeline), updated live from {@code GET /ui/events} (server-sent events of the
 * journal). Read only, no token, as {@code /status}. The HTML is rendered here from Mustache
 * templates; the charts are uPlot's, served from its WebJar.
 */
public final class StatusPage {
  /** Apps per page of the overview. */
  public static final int PAGE_SIZE = 50;

  private final StateViews views;
  private final Journal journal;
  private final PauseBook pauses;
  private final Supplier<Object> slack;
  private final Clock clock;
  private final String process;
  private final LiveEvents live;
  private final Explain explain = new Explain(ZoneOffset.UTC);
  private final Mustache overview;
  private final Mustache appPage;
  private final Mustache poolPage;

  public StatusPage(
      StateViews views,
      Journal journal,
      PauseBook pauses,
      Supplier<Object> slack,
      LiveEvents live,
      Clock clock,
      String process) {
    this.views = views;
    this.journal = journal;
    this.pauses = pauses;
    this.slack = slack;
    this.live = live;
    this.clock = clock;
    this.process = process;
    live.render(
        e -> {
          Map<String, Object> m = line(e);
          m.put("data", e.data());
          return m;
        });
    DefaultMustacheFactory templates = new DefaultMustacheFactory("ui");
    this.overview = templates.compile("overview.mustache");
    this.appPage = templates.compile("app.mustache");
    this.poolPage = templates.compile("pool.mustache");
  }

  /** The page of this process, fed by its journal, at {@code /}. */
  public static StatusPage mount(
      Router router,
      dev.pacer.common.journal.JournalService journal,
      StateViews views,
      PauseBook pauses,
      dev.pacer.common.admin.AdminApi admin,
      Clock clock,
      String process) {
    LiveEvents live = new LiveEvents();
    journal.onRecorded(live::publish);
    StatusPage page =
        new StatusPage(
            views,
            journal.journal(),
            pauses,
            () -> {
              Supplier<Object> part = admin.statusPart("slack-notifier");
              return part == null ? null : part.get();
            },
            live,
            clock,
            process);
    page.mount(router);
    return page;
  }

  public void mount(Router router) {
    router.get("/").handler(ctx -> page(ctx, overview, this::overview));
    router.getWithRegex("/ui/apps/(.+)").handler(ctx -> page(ctx, appPage, this::app));
    router.get("/ui/pools/:name").handler(ctx -> page(ctx, poolPage, this::pool));
    router.get("/ui/events").handler(live::attach);
    router.route("/ui/static/*").handler(StaticHandler.create("ui/static"));
    router.route("/ui/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
  }

  /** A page's model is built on a worker (the journal reads its file), then rendered. */
  private void page(
      RoutingContext ctx,
      Mustache template,
      java.util.function.Function<RoutingContext, Map<String, Object>> model) {
    ctx.vertx()
        .executeBlocking(() -> model.apply(ctx), false)
        .onSuccess(m -> render(ctx, template, m))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> overview(RoutingContext ctx) {
    String q = ctx.request().getParam("q", "").strip();
    String hold = ctx.request().getParam("hold", "").strip();
    int page = Math.max(1, parseInt(ctx.request().getParam("page"), 1));
    Rows.Page rows = Rows.page(views, q, hold, page, PAGE_SIZE);
    Map<String, Object> m = base("Pacer");
    m.put("q", q);
    m.put("hold", hold);
    m.put("apps", rows.rows());
    m.put("matching", rows.matching());
    m.put("total", rows.total());
    m.put("page", rows.page());
    m.put("pages", rows.pages());
    if (rows.page() > 1) {
      m.put("prev", link(q, hold, rows.page() - 1));
    }
    if (rows.page() < rows.pages()) {
      m.put("next", link(q, hold, rows.page() + 1));
    }
    m.put("holds", Rows.holdKinds(hold));
    List<Map<String, Object>> pools = pools();
    m.put("pools", pools);
    m.put("hasPools", !pools.isEmpty());
    m.put("pauses", pauses());
    m.put("slack", slackQueues());
    m.put("recent", recent());
    return m;
  }

  private Map<String, Object> app(RoutingContext ctx) {
    String raw = URLDecoder.decode(ctx.pathParam("param0"), StandardCharsets.UTF_8);
    String id = raw.startsWith("/") ? raw : "/" + raw;
    List<JournalEntry> timeline = journal.timeline(JournalEntry.APP, id, 200);
    Map<String, Object> state = views.app(id);
    Map<String, Object> m = base(id + " · Pacer");
    m.put("id", id);
    m.put("said", explain.app(id, timeline, state));
    m.put("timeline", lines(timeline));
    m.put("chart", Charts.json(Charts.app(timeline, state, clock.instant())));
    m.put("row", Rows.row(id, state));
    return m;
  }

  private Map<String, Object> pool(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    List<JournalEntry> timeline = journal.timeline(JournalEntry.POOL, name, 200);
    Map<String, Object> state = views.pool(name);
    Map<String, Object> m = base("pool " + name + " · Pacer");
    m.put("name", name);
    m.put("said", explain.pool(name, timeline, state));
    m.put("timeline", lines(timeline));
    m.put("chart", Charts.json(Charts.pool(timeline)));
    return m;
  }

  private Map<String, Object> base(String title) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", title);
    m.put("process", process);
    m.put("now", clock.instant().toString());
    return m;
  }

  private List<Map<String, Object>> lines(List<JournalEntry> timeline) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (JournalEntry e : timeline) {
      out.add(line(e));
    }
    return out;
  }

  Map<String, Object> line(JournalEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", e.at().toString());
    m.put("type", e.type());
    m.put("line", explain.line(e));
    m.put("subject", e.subject());
    m.put("kind", e.kind());
    m.put("href", href(e));
    return m;
  }

  static String href(JournalEntry e) {
    return switch (e.kind()) {
      case JournalEntry.APP -> "/ui/apps" + e.subject();
      case JournalEntry.POOL -> "/ui/pools/" + e.subject();
      default -> null;
    };
  }

  /** The latest decisions of the apps and pools, newest first (an image's repeat its app's). */
  private List<Map<String, Object>> recent() {
    return journal.latest(50).stream()
        .filter(e -> !e.kind().equals(JournalEntry.IMAGE))
        .limit(20)
        .map(this::line)
        .toList();
  }

  private List<Map<String, Object>> pools() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String name : views.poolIds()) {
      Map<String, Object> s = new LinkedHashMap<>(views.pool(name));
      s.put("name", name);
      if (s.get("free-fraction") instanceof Map<?, ?> f) {
        s.put("freeCpus", dev.pacer.common.journal.JournalData.pct(f.get("cpus")));
        s.put("freeMem", dev.pacer.common.journal.JournalData.pct(f.get("mem")));
        s.put("freeDisk", dev.pacer.common.journal.JournalData.pct(f.get("disk")));
      }
      s.put("href", "/ui/pools/" + name);
      out.add(s);
    }
    return out;
  }

  private List<Map<String, Object>> pauses() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Pause p : pauses.all()) {
      if (p.activeAt(clock.instant())) {
        out.add(p.toMap());
      }
    }
    return out;
  }

  private List<Map<String, Object>> slackQueues() {
    Object s = slack == null ? null : slack.get();
    List<Map<String, Object>> out = new ArrayList<>();
    if (s instanceof Map<?, ?> m && m.get("channels") instanceof Map<?, ?> channels) {
      channels.forEach(
          (c, q) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("channel", String.valueOf(c));
            row.put("queued", q instanceof Map<?, ?> qm ? qm.get("queued") : q);
            out.add(row);
          });
    }
    return out;
  }

  private static String link(String q, String hold, int page) {
    StringBuilder s = new StringBuilder("/?page=").append(page);
    if (!q.isEmpty()) {
      s.append("&q=").append(java.net.URLEncoder.encode(q, StandardCharsets.UTF_8));
    }
    if (!hold.isEmpty()) {
      s.append("&hold=").append(java.net.URLEncoder.encode(hold, StandardCharsets.UTF_8));
    }
    return s.toString();
  }

  private static int parseInt(String s, int otherwise) {
    try {
      return s == null ? otherwise : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static void render(RoutingContext ctx, Mustache template, Map<String, Object> model) {
    StringWriter w = new StringWriter(16 * 1024);
    template.execute(w, model);
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(w.toString());
  }
}

package dev.pacer.common.journal;

import dev.pacer.common.admin.AdminApi;
import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.events.EventBackbone;
import dev.pacer.common.events.PacerEvent;
import dev.pacer.common.events.Topics;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of this process: it records every decision published on {@code pacer.actions} and
 * {@code pacer.control}, keeps it across restarts, and serves the timelines.
 *
 * <ul>
 *   <li>On the local backbone the journal is appended to {@code <state-dir>/journal.jsonl} and read
 *       back at start; the file is compacted when it grows past {@code max-file-size}.
 *   <li>On Kafka each start subscribes with a group of its own, which reads the topics from their
 *       start: the journal is rebuilt from the events themselves (within the topics' retention).
 * </ul>
 *
 * {@code GET /apps/{id}/timeline}, {@code GET /pools/{name}/timeline}, {@code GET
 * /images/{repo}:{tag}}: the subject's entries, newest first ({@code ?limit=}, default 100). Read
 * only, no token, as {@code /status}.
 */
public final class JournalService {
  private static final Logger LOG = LoggerFactory.getLogger(JournalService.class);
  static final int DEFAULT_LIMIT = 100;

  private final Vertx vertx;
  private final EventBackbone backbone;
  private final Journal journal;
  private final java.nio.file.Path file;
  private final boolean fromTopics;
  private final long maxFileSize;
  private final Scheduler scheduler;
  private final String group;
  private final int perSubject;
  private Scheduler.Timer sweep;
  private volatile long writeFailures;
  private volatile String openFailure;

  /**
   * @param file where the entries are kept; null: in memory only
   * @param fromTopics the journal is rebuilt from the topics at each start (Kafka): the file starts
   *     empty, and the start need not wait for the group's partitions
   * @param group the consumer group: on Kafka, one of its own for each start
   */
  public JournalService(
      Vertx vertx,
      EventBackbone backbone,
      PacerConfig.Journal settings,
      java.nio.file.Path file,
      boolean fromTopics,
      Scheduler scheduler,
      String group) {
    this.vertx = vertx;
    this.backbone = backbone;
    this.journal = new Journal(settings.perSubject(), settings.retention(), scheduler.clock());
    this.file = file;
    this.fromTopics = fromTopics;
    this.maxFileSize = settings.maxFileSize();
    this.scheduler = scheduler;
    this.group = group;
    this.perSubject = settings.perSubject();
  }

  /**
   * The process's journal: kept in {@code <state-dir>/journal.jsonl} on the local backbone; on
   * Kafka read from the topics' start by a group of this start's own ({@code journal.<uuid>}) into
   * a file of this start's own in the temporary directory.
   */
  public static JournalService of(
      Vertx vertx, EventBackbone backbone, PacerConfig config, Scheduler scheduler) {
    boolean local = config.events().backend() == PacerConfig.Backend.LOCAL;
    java.nio.file.Path file =
        local
            ? config.stateDir().resolve("journal.jsonl")
            : java.nio.file.Path.of(
                System.getProperty("java.io.tmpdir"),
                "pacer-journal-" + java.util.UUID.randomUUID() + ".jsonl");
    return new JournalService(
        vertx,
        backbone,
        config.journal(),
        file,
        !local,
        scheduler,
        // a group of this start's own, as a container's pid (1) or a fixed id would repeat: a new
        // group reads the topics from their start (its offsets expire with Kafka's retention)
        local ? "journal" : "journal." + java.util.UUID.randomUUID());
  }

  public Journal journal() {
    return journal;
  }

  /** Reads the file back (local), then records from the topics. */
  public Future<Void> start() {
    Future<Void> loaded =
        file == null
            ? Future.succeededFuture()
            : vertx.executeBlocking(
                () -> {
                  int skipped;
                  try {
                    skipped = journal.open(file, maxFileSize, fromTopics);
                  } catch (java.io.IOException | RuntimeException e) {
                    // the journal goes on in memory: the decisions are not lost to this process
                    openFailure = "cannot open " + file + ": " + e.getMessage();
                    LOG.error("journal: {}; kept in memory only until a restart", openFailure);
                    return null;
                  }
                  if (fromTopics) {
                    file.toFile().deleteOnExit();
                  } else {
                    LOG.info(
                        "journal: {} entries read back from {}{}",
                        journal.size(),
                        file,
                        skipped == 0 ? "" : " (" + skipped + " unreadable lines)");
                  }
                  return null;
                });
    return loaded.compose(
        v -> {
          sweep = scheduler.every(Duration.ofMinutes(10), Duration.ofMinutes(10), this::sweep);
          Future<Void> subscribed =
              Future.all(
                      backbone.subscribe(Topics.ACTIONS, group, this::onEvent),
                      backbone.subscribe(Topics.CONTROL, group, this::onEvent))
                  .mapEmpty();
          if (!fromTopics) {
            return subscribed; // local: at once, and before the daemons publish
          }
          // Kafka: the group reads the topics from their start, so the start need not wait for
          // its partitions to be assigned (seconds per group)
          subscribed.onFailure(
              e -> LOG.error("journal: cannot subscribe to the topics: {}", e.getMessage()));
          return Future.succeededFuture();
        });
  }

  private void sweep() {
    vertx.executeBlocking(
        () -> {
          journal.expireAll();
          return null;
        },
        false);
  }

  /** Told of each entry as it is recorded (the status page's live updates). */
  public void onRecorded(java.util.function.Consumer<JournalEntry> listener) {
    listeners.add(listener);
  }

  private final List<java.util.function.Consumer<JournalEntry>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private Future<Void> onEvent(PacerEvent e) {
    List<JournalEntry> entries = JournalEntries.of(e);
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    // on a worker, in order: recording writes the file
    return vertx.<Void>executeBlocking(
        () -> {
          for (JournalEntry entry : entries) {
            boolean recorded;
            try {
              recorded = journal.record(entry);
            } catch (java.io.UncheckedIOException ex) {
              writeFailures++;
              LOG.warn("journal: {} not recorded: {}", entry.key(), ex.getMessage());
              continue;
            }
            if (recorded) {
              tell(entry);
            }
          }
          return null;
        },
        true);
  }

  private void tell(JournalEntry entry) {
    for (var l : listeners) {
      try {
        l.accept(entry);
      } catch (RuntimeException ex) {
        LOG.warn("journal: a listener failed on {}: {}", entry.key(), ex.toString());
      }
    }
  }

  public Future<Void> close() {
    if (sweep != null) {
      sweep.cancel();
    }
    return vertx.executeBlocking(
        () -> {
          journal.close();
          if (fromTopics && file != null) {
            java.nio.file.Files.deleteIfExists(file);
          }
          return null;
        });
  }

  /** For {@code /status}. */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("entries", journal.size());
    s.put("subjects", journal.subjects());
    s.put(
        "kept-in",
        fromTopics ? journal.where() + " (rebuilt from the topics at start)" : journal.where());
    if (openFailure != null) {
      s.put("error", openFailure + "; kept in memory only");
    }
    if (writeFailures > 0) {
      s.put("write-failures", writeFailures);
    }
    return s;
  }

  /** Mounts the timelines; an app's or a pool's carries its present state from {@code views}. */
  public void mount(Router router, StateViews views) {
    router
        .getWithRegex("/apps/(.+)/timeline")
        .handler(ctx -> timeline(ctx, JournalEntry.APP, "/", views::app));
    router
        .getWithRegex("/pools/([^/]+)/timeline")
        .handler(ctx -> timeline(ctx, JournalEntry.POOL, "", views::pool));
    router
        .getWithRegex("/images/(.+)")
        .handler(ctx -> timeline(ctx, JournalEntry.IMAGE, "", id -> Map.of()));
  }

  private void timeline(
      RoutingContext ctx,
      String kind,
      String prefix,
      java.util.function.Function<String, Map<String, Object>> state) {
    String raw = URLDecoder.decode(ctx.pathParam("param0"), StandardCharsets.UTF_8);
    String subject = prefix.isEmpty() || raw.startsWith(prefix) ? raw : prefix + raw;
    if (kind.equals(JournalEntry.IMAGE)) {
      subject = JournalEntries.withoutDigest(subject);
    }
    int limit = DEFAULT_LIMIT;
    String l = ctx.request().getParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1) {
        AdminApi.json(ctx, 400, AdminApi.error("limit must be a positive number, got '" + l + "'"));
        return;
      }
    }
    String of = subject;
    int n = Math.min(limit, perSubject);
    // the entries are read from the file: on a worker
    vertx
        .executeBlocking(() -> journal.timeline(kind, of, n), false)
        .onSuccess(
            timeline -> {
              JsonArray entries = new JsonArray();
              for (JournalEntry e : timeline) {
                entries.add(
                    new JsonObject()
                        .put("at", e.at().toString())
                        .put("type", e.type())
                        .put("event-id", e.eventId())
                        .put("data", new JsonObject(new LinkedHashMap<>(e.data()))));
              }
              JsonObject body = new JsonObject().put("kind", kind).put("subject", of);
              Map<String, Object> now = state.apply(of);
              if (!now.isEmpty()) {
                body.put("state", new JsonObject(new LinkedHashMap<>(now)));
              }
              AdminApi.json(ctx, 200, body.put("entries", entries));
            })
        .onFailure(
            e ->
                AdminApi.json(
                    ctx, 503, AdminApi.error("the journal cannot be read: " + e.getMessage())));
  }
}
